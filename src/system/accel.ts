// How much slower a guest runs without hardware virtualization. Measured here:
// a 6.1 kernel boots to userspace in ~3 s under TCG vs ~0.4 s under KVM, and
// CPU-bound selftests run 5-10x slower; 4 keeps timeouts that were tuned on
// KVM (kselftest `settings` files, --test-timeout) meaningful without letting
// a hung test eat the whole run budget.
export const TCG_TIMEOUT_FACTOR = 4;

export type Accel = 'kvm' | 'tcg';

export interface AccelChoice {
  accel: Accel;
  /** Why this accelerator: shown in results.json (vm.accelReason). */
  reason: string;
}

/** Per-test timeout for the guest: 0 stays "no timeout". */
export function scaleTimeout(seconds: number, accel: Accel): number {
  if (seconds <= 0) return 0;
  return accel === 'tcg' ? Math.ceil(seconds * TCG_TIMEOUT_FACTOR) : seconds;
}
