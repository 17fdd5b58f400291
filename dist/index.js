import{createRequire as __escCreateRequire}from'node:module';const require=__escCreateRequire(import.meta.url);
import{B as t}from"./chunk-IFJ4WIEU.js";import{b as r,c as o}from"./chunk-6DUFSW6N.js";import"./chunk-FWLRFHUA.js";r(o("esc-action failed: "));var s=t(process.env);import("./chunk-ZQE4Z735.js").then(({run:e})=>e(process.env,s),o("esc-action could not load: "));
