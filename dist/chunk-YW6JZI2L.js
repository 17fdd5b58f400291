import{a}from"./chunk-CSZ2AEUD.js";import"./chunk-2PWOUION.js";import"./chunk-4BXTFRTD.js";import"./chunk-STPSSBWP.js";import"./chunk-FWLRFHUA.js";export{a as startEarly};
