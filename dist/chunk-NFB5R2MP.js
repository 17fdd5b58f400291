import{a}from"./chunk-MHPE25HL.js";import"./chunk-KKF36INT.js";import"./chunk-DSQI6BYL.js";import"./chunk-3O2LN3V5.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
