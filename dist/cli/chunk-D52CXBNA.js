import{a,b}from"./chunk-LCO46XA2.js";import"./chunk-YM7R2O3Z.js";export{a as ownKeys,b as stringForm};
