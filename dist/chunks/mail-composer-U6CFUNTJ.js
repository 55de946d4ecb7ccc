import { createRequire as __kciRequire } from 'node:module'; const require = __kciRequire(import.meta.url);
import {
  mail_composer_default
} from "./chunk-TIDGLHHC.js";
import "./chunk-JXQP2R3W.js";
export {
  mail_composer_default as default
};
