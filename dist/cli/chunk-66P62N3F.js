import{o as a,p as b}from"./chunk-EB62NBTB.js";export{a as ownKeys,b as stringForm};
