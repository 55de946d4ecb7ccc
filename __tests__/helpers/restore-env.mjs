/* global process, Buffer */
// Loaded with --import before an action entry run through a wrapper (a shell,
// a chroot): shells drop environment entries whose names are not shell
// identifiers, such as the runner's INPUT_SETUP-RUNNER; they travel in one
// variable and are put back here, as the runner would have set them.
const packed = process.env.KCI_WRAPPED_ENV;
if (packed) {
  Object.assign(process.env, JSON.parse(Buffer.from(packed, 'base64').toString('utf8')));
  delete process.env.KCI_WRAPPED_ENV;
}
