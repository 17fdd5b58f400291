import{a}from"./chunk-2Y5FWTNA.js";import"./chunk-WI6BT7BI.js";import"./chunk-NSWQWKWU.js";import"./chunk-S4UJG5U3.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
