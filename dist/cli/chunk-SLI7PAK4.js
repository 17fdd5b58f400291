import{a,b}from"./chunk-KKBACJ5Q.js";import"./chunk-75T4HHW5.js";export{a as ownKeys,b as stringForm};
