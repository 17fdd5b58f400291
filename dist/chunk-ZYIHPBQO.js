import{a}from"./chunk-XSMAJNWV.js";import"./chunk-BAO76MNN.js";import"./chunk-IPYXSKEJ.js";import"./chunk-CJKGNL5O.js";import"./chunk-6DUFSW6N.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
