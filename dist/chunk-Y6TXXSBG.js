import{a}from"./chunk-O3EYEGGD.js";import"./chunk-EI7NAGF2.js";import"./chunk-DSQI6BYL.js";import"./chunk-3O2LN3V5.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
