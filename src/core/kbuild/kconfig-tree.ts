// Just enough of the Kconfig language to explain why an option did not get
// the value a fragment asked for: each symbol's prompt, its `depends on`
// (including the enclosing `if`/`menu`/`choice` blocks of every file sourced
// on the way to it) and who `select`s it. Values come from the final .config,
// so nothing here re-implements Kconfig's solver: it only evaluates the
// conditions that stood in the way, the way menuconfig's help screen does.

export interface KconfigDef {
  file: string;
  line: number;
  type?: 'bool' | 'tristate' | 'string' | 'int' | 'hex';
  /** `bool "x"`/`prompt "x"`, with its `if` condition when it has one. */
  prompts: { cond?: string }[];
  /** `depends on` of the entry and of every block around it. */
  depends: string[];
}

export interface Selector {
  by: string;
  cond?: string;
  /** The selecting symbol's own dependencies: a select only acts when they hold. */
  depends: string[];
}

export interface KconfigTree {
  defs: Map<string, KconfigDef[]>;
  /** symbol → symbols that `select` it. */
  selectedBy: Map<string, Selector[]>;
  files: number;
}

/** Reads a file relative to the source tree; undefined when it does not exist. */
export type ReadKconfig = (path: string) => string | undefined;

const ENTRY = /^(?:config|menuconfig)\s+(\w+)/;

export function parseKconfigTree(
  read: ReadKconfig,
  vars: Record<string, string>,
  root = 'Kconfig',
): KconfigTree {
  const tree: KconfigTree = { defs: new Map(), selectedBy: new Map(), files: 0 };
  const expand = (s: string) =>
    s.replace(/\$\((\w+)\)|\$(\w+)/g, (m, a?: string, b?: string) => vars[a ?? b!] ?? m);
  // Conditions inherited from blocks that are still open (if/menu/choice).
  const walk = (path: string, outer: string[], dir: string) => {
    const text = read(path);
    if (text === undefined) return;
    tree.files++;
    const lines = text.split('\n');
    const blocks: { kind: 'if' | 'menu' | 'choice'; conds: string[] }[] = [];
    const context = () => [...outer, ...blocks.flatMap((b) => b.conds)];
    let cur: { def: KconfigDef; name: string } | undefined;
    // A menu/choice collects `depends on` right after its header.
    let header: { conds: string[] } | undefined;
    let helpIndent: number | undefined;
    let inHelp = false;
    for (let i = 0; i < lines.length; i++) {
      let raw = lines[i]!;
      while (raw.endsWith('\\') && i + 1 < lines.length) raw = raw.slice(0, -1) + lines[++i]!;
      if (inHelp) {
        if (raw.trim() === '') continue;
        const indent = raw.replace(/\t/g, '        ').search(/\S/);
        helpIndent ??= indent;
        if (indent >= helpIndent) continue;
        inHelp = false;
        helpIndent = undefined;
      }
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      if (line === '') continue;
      const word = line.split(/\s+/, 1)[0]!;
      const rest = line.slice(word.length).trim();
      const entry = ENTRY.exec(line);
      if (entry) {
        header = undefined;
        const def: KconfigDef = { file: path, line: i + 1, prompts: [], depends: context() };
        cur = { def, name: entry[1]! };
        const list = tree.defs.get(cur.name) ?? [];
        list.push(def);
        tree.defs.set(cur.name, list);
        continue;
      }
      switch (word) {
        case 'help':
        case '---help---':
          inHelp = true;
          continue;
        case 'if':
          cur = undefined;
          header = undefined;
          blocks.push({ kind: 'if', conds: [rest] });
          continue;
        case 'menu':
        case 'choice': {
          cur = undefined;
          const b = { kind: word, conds: [] as string[] };
          blocks.push(b);
          header = b;
          continue;
        }
        case 'endif':
        case 'endmenu':
        case 'endchoice':
          cur = undefined;
          header = undefined;
          blocks.pop();
          continue;
        case 'source':
        case 'osource':
        case 'rsource':
        case 'orsource': {
          cur = undefined;
          header = undefined;
          const m = /^"([^"]+)"|^(\S+)/.exec(rest);
          if (!m) continue;
          let target = expand(m[1] ?? m[2]!);
          if (word.startsWith('r') || word.startsWith('or'))
            target = (dir ? `${dir}/` : '') + target;
          // Globs (rare) are not followed: their symbols just stay unknown.
          if (!target.includes('*'))
            walk(target, context(), target.split('/').slice(0, -1).join('/'));
          continue;
        }
        case 'comment':
        case 'mainmenu':
          cur = undefined;
          header = undefined;
          continue;
        case 'depends':
          if (cur) cur.def.depends.push(rest.replace(/^on\s+/, ''));
          else if (header) header.conds.push(rest.replace(/^on\s+/, ''));
          continue;
      }
      if (!cur) continue;
      const def = cur.def;
      if (/^(bool|tristate|string|int|hex|prompt)$/.test(word)) {
        if (word !== 'prompt') def.type = word as KconfigDef['type'];
        const p = /^"(?:[^"\\]|\\.)*"|^'(?:[^'\\]|\\.)*'/.exec(rest);
        if (p) {
          const after = rest.slice(p[0].length).trim();
          def.prompts.push(after.startsWith('if ') ? { cond: after.slice(3).trim() } : {});
        }
      } else if (word === 'def_bool' || word === 'def_tristate') {
        def.type = word === 'def_bool' ? 'bool' : 'tristate';
      } else if (word === 'select') {
        const m = /^(\w+)(?:\s+if\s+(.+))?$/.exec(rest);
        if (m) {
          const list = tree.selectedBy.get(m[1]!) ?? [];
          list.push({ by: cur.name, cond: m[2], depends: def.depends });
          tree.selectedBy.set(m[1]!, list);
        }
      }
    }
  };
  walk(root, [], '');
  return tree;
}

// --- expressions ---------------------------------------------------------

/** A symbol's value as the final .config has it (undefined = not set). */
export type ConfigValues = ReadonlyMap<string, string>;

type Tri = 0 | 1 | 2;
type Node =
  | { op: 'sym'; name: string }
  | { op: 'const'; value: string }
  | { op: '!'; a: Node }
  | { op: '&&' | '||'; a: Node; b: Node }
  | { op: '=' | '!=' | '<' | '<=' | '>' | '>='; a: Node; b: Node };

function tokenize(expr: string): string[] {
  const out: string[] = [];
  const re = /\s*(&&|\|\||!=|<=|>=|[()!=<>]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[\w.$-]+)/y;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) out.push(m[1]!);
  return out;
}

export function parseExpr(expr: string): Node {
  const t = tokenize(expr);
  let i = 0;
  const atom = (): Node => {
    const tok = t[i++];
    if (tok === undefined) return { op: 'const', value: 'n' };
    if (tok === '!') return { op: '!', a: atom() };
    if (tok === '(') {
      const e = or();
      if (t[i] === ')') i++;
      return e;
    }
    if (/^["']/.test(tok)) return { op: 'const', value: tok.slice(1, -1) };
    if (/^[nmy]$/.test(tok) || /^-?\d/.test(tok)) return { op: 'const', value: tok };
    return { op: 'sym', name: tok };
  };
  const cmp = (): Node => {
    const a = atom();
    const op = t[i];
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      i++;
      return { op, a, b: atom() };
    }
    return a;
  };
  const and = (): Node => {
    let a = cmp();
    while (t[i] === '&&') {
      i++;
      a = { op: '&&', a, b: cmp() };
    }
    return a;
  };
  const or = (): Node => {
    let a = and();
    while (t[i] === '||') {
      i++;
      a = { op: '||', a, b: and() };
    }
    return a;
  };
  return or();
}

const triOf = (v: string | undefined): Tri => (v === 'y' ? 2 : v === 'm' ? 1 : 0);
const strOf = (n: Node, c: ConfigValues): string =>
  n.op === 'sym' ? (c.get(n.name) ?? 'n').replace(/^"|"$/g, '') : n.op === 'const' ? n.value : '';

export function evalExpr(n: Node, c: ConfigValues): Tri {
  switch (n.op) {
    case 'sym':
      return triOf(c.get(n.name));
    case 'const':
      return triOf(n.value);
    case '!':
      return (2 - evalExpr(n.a, c)) as Tri;
    case '&&':
      return Math.min(evalExpr(n.a, c), evalExpr(n.b, c)) as Tri;
    case '||':
      return Math.max(evalExpr(n.a, c), evalExpr(n.b, c)) as Tri;
    default: {
      const a = strOf(n.a, c);
      const b = strOf(n.b, c);
      const numeric = /^-?(0x)?[\da-f]+$/i.test(a) && /^-?(0x)?[\da-f]+$/i.test(b);
      const d = numeric ? Number(a) - Number(b) : a.localeCompare(b);
      const ok =
        n.op === '='
          ? a === b
          : n.op === '!='
            ? a !== b
            : n.op === '<'
              ? d < 0
              : n.op === '<='
                ? d <= 0
                : n.op === '>'
                  ? d > 0
                  : d >= 0;
      return ok ? 2 : 0;
    }
  }
}

/** `A && (B || !C)` with each symbol's current value, as menuconfig prints it. */
export function showExpr(expr: string, c: ConfigValues): string {
  return tokenize(expr)
    .map((tok) =>
      /^[A-Za-z_]\w*$/.test(tok) && !/^[nmy]$/.test(tok)
        ? `${tok} [=${(c.get(tok) ?? 'n').replace(/^"|"$/g, '')}]`
        : tok,
    )
    .join(' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .replace(/! /g, '!');
}

// --- explanations ----------------------------------------------------------

const VALUE_NAME: Record<Tri, string> = { 0: 'n', 1: 'm', 2: 'y' };

/**
 * Why CONFIG_<name> is not `wanted` in the final config, in Kconfig's own
 * terms: unknown symbol, unmet dependency, no prompt, select, or the
 * value being limited to m. Undefined when the tree says nothing useful.
 */
export function explain(
  tree: KconfigTree,
  name: string,
  wanted: string,
  config: ConfigValues,
): string | undefined {
  const defs = tree.defs.get(name);
  if (!defs || defs.length === 0) return `no such option in this tree's Kconfig`;
  const want = triOf(wanted);
  const got = triOf(config.get(name));
  if (wanted !== 'y' && wanted !== 'm' && wanted !== 'n') {
    const unmet = unmetDeps(defs, 1, config);
    return unmet ? `depends on ${unmet}` : undefined;
  }
  if (want > got) {
    const unmet = unmetDeps(defs, want, config);
    if (unmet) {
      const capped = want === 2 && defs.every((d) => depValue(d, config) === 1);
      return capped ? `limited to m by depends on ${unmet}` : `depends on ${unmet}`;
    }
    const visible = defs.some((d) =>
      d.prompts.some((p) => !p.cond || evalExpr(parseExpr(p.cond), config) > 0),
    );
    if (!visible) {
      const sel = tree.selectedBy.get(name) ?? [];
      const cond = defs.flatMap((d) => d.prompts.map((p) => p.cond)).find((x) => x);
      if (cond) return `its prompt is hidden: if ${showExpr(cond, config)}`;
      return sel.length
        ? `has no prompt; only set when selected by ${sel
            .slice(0, 5)
            .map((s) => s.by)
            .join(', ')}${sel.length > 5 ? ` (+${sel.length - 5} more)` : ''}`
        : 'has no prompt and nothing selects it';
    }
    if (defs.some((d) => d.type === 'bool') && wanted === 'm')
      return 'is a bool: m is not a possible value';
    return undefined;
  }
  if (want < got) {
    const active = (tree.selectedBy.get(name) ?? []).filter(
      (s) => triOf(config.get(s.by)) > 0 && (!s.cond || evalExpr(parseExpr(s.cond), config) > 0),
    );
    if (active.length)
      return `selected by ${active
        .slice(0, 5)
        .map(
          (s) => `${s.by} [=${config.get(s.by)}]${s.cond ? ` if ${showExpr(s.cond, config)}` : ''}`,
        )
        .join(', ')}`;
    if (defs.every((d) => d.prompts.length === 0))
      return `has no prompt: its default (${VALUE_NAME[got]}) cannot be changed`;
    return undefined;
  }
  return undefined;
}

function depValue(d: KconfigDef, c: ConfigValues): Tri {
  return d.depends.reduce<Tri>((acc, e) => Math.min(acc, evalExpr(parseExpr(e), c)) as Tri, 2);
}

/** The failing `depends on` terms of the definition that comes closest. */
function unmetDeps(defs: KconfigDef[], want: Tri, c: ConfigValues): string | undefined {
  let best: string[] | undefined;
  for (const d of defs) {
    const failing = d.depends.filter((e) => evalExpr(parseExpr(e), c) < want);
    if (failing.length === 0) return undefined;
    if (!best || failing.length < best.length) best = failing;
  }
  return best?.map((e) => showExpr(e, c)).join(' && ');
}
