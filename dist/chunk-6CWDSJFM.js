import{a}from"./chunk-TQRMPFPB.js";import"./chunk-I7L5E3OY.js";import"./chunk-JYRDJSJS.js";import"./chunk-LRISORWA.js";import"./chunk-PPGQERHY.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
