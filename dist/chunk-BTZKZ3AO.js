import{createRequire as __escCreateRequire}from'node:module';const require=__escCreateRequire(import.meta.url);
import{a,b}from"./chunk-OROYNZDL.js";import"./chunk-ZUW67IGM.js";export{a as exec,b as getExecOutput};
