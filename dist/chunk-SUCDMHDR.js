import{a}from"./chunk-6PIN6ZMR.js";import"./chunk-KVHSECBY.js";import"./chunk-NSWQWKWU.js";import"./chunk-S4UJG5U3.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
