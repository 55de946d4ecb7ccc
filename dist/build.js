import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  runAction
} from "./chunks/chunk-DV3LQIYE.js";
import "./chunks/chunk-V6VHVVA3.js";
import "./chunks/chunk-BJTAISPN.js";
import "./chunks/chunk-SPMBZ4EA.js";
import "./chunks/chunk-2IEND4WE.js";
import "./chunks/chunk-JXQP2R3W.js";

// src/entries/action-build.ts
void runAction("build");
