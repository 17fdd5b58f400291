import{createRequire as __escCreateRequire}from'node:module';const require=__escCreateRequire(import.meta.url);
import{C as s}from"./chunk-RUURGEMP.js";import"./chunk-FWLRFHUA.js";var e=s(process.env);import("./chunk-YSUOPNCT.js").then(({run:o})=>o(process.env,e),o=>{process.exitCode=1,process.stdout.write(`::error::esc-action could not load: ${o instanceof Error?o.message:String(o)}
`)});
