// make dependency files (gcc -MMD) written from one directory and read from
// another. test_progs' objects are compiled after `cd OUTPUT`, so their .d
// name the generated skeletons relative to OUTPUT ("atomics.lskel.h"), while
// make reads them from the selftests dir; with OUTPUT elsewhere (ours is the
// build's out dir, the BPF CI's is the source dir, where the two agree) the
// second make stops on "No rule to make target 'atomics.lskel.h'".

/** The .d text with every relative prerequisite made absolute under `base`. */
export function absoluteDeps(text: string, base: string): string {
  const dir = base.replace(/\/+$/, '');
  return text
    .split('\n')
    .map((line) =>
      line
        .split(/( +)/)
        .map((tok) =>
          tok === '' || /^ +$/.test(tok) || tok === '\\' || tok.startsWith('/') || tok.endsWith(':')
            ? tok
            : `${dir}/${tok}`,
        )
        .join(''),
    )
    .join('\n');
}
