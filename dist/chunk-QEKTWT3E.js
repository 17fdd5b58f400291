import{O as a}from"./chunk-7LPL3RDT.js";import"./chunk-JXRT6KOX.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
