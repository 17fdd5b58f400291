import{a}from"./chunk-RNAGT7UM.js";import"./chunk-ZIDFTN7L.js";import"./chunk-NSWQWKWU.js";import"./chunk-S4UJG5U3.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
