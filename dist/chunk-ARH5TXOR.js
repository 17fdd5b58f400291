import{a}from"./chunk-KK5MMALX.js";import"./chunk-AHV5CRT3.js";import"./chunk-2AFAWXHO.js";import"./chunk-UOFU5UO4.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
