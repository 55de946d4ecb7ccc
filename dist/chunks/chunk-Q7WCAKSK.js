import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);

// src/system/find-on-path.ts
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
function findOnPath(cmd, path = process.env.PATH ?? "", mode = constants.X_OK) {
  const usable = (p) => {
    try {
      accessSync(p, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (cmd.includes("/")) return usable(cmd) ? cmd : void 0;
  for (const d of path.split(delimiter)) if (d !== "" && usable(join(d, cmd))) return join(d, cmd);
  return void 0;
}

export {
  findOnPath
};
