import{createRequire as __escCreateRequire}from'node:module';const require=__escCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-E2XI5PRG.js";import"./chunk-WJNQNLDB.js";import"./chunk-VABZDOLB.js";import"./chunk-BOM32HRJ.js";export{f as ENV_ACCOUNT_ID,e as ENV_CREDENTIAL_SCOPE,d as ENV_EXPIRATION,a as ENV_KEY,b as ENV_SECRET,c as ENV_SESSION,g as fromEnv};
