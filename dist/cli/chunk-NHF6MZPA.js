import{o as a,p as b}from"./chunk-O6I22CVL.js";export{a as ownKeys,b as stringForm};
