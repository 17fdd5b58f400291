/**
 * ESC's meta-schema: the JSON-Schema subset a `fn::validate` schema must conform to (upstream
 * `schema.JSONSchemaSchema()`). Unknown keywords are allowed and ignored; `type` must be one of
 * the six value types (no `integer`, no arrays of types).
 */
import type { Plain } from '../value.js';

const REF = { $ref: '#/$defs/schema' };
const STRINGS = { type: 'array', items: { type: 'string' } };

export const META_SCHEMA: Plain = {
  $defs: {
    schema: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          properties: {
            $defs: { type: 'object', additionalProperties: REF },
            $ref: { type: 'string' },
            anyOf: { type: 'array', items: REF },
            oneOf: { type: 'array', items: REF },
            prefixItems: { type: 'array', items: REF },
            items: REF,
            additionalProperties: REF,
            properties: { type: 'object', additionalProperties: REF },
            type: {
              anyOf: [
                {
                  type: 'string',
                  enum: ['string', 'number', 'boolean', 'array', 'object', 'null'],
                },
              ],
            },
            const: {},
            enum: { type: 'array' },
            multipleOf: { type: 'number' },
            maximum: { type: 'number' },
            exclusiveMaximum: { type: 'number' },
            minimum: { type: 'number' },
            exclusiveMinimum: { type: 'number' },
            maxLength: { type: 'number' },
            minLength: { type: 'number' },
            pattern: { type: 'string' },
            maxItems: { type: 'number' },
            minItems: { type: 'number' },
            uniqueItems: { type: 'boolean' },
            maxProperties: { type: 'number' },
            minProperties: { type: 'number' },
            required: STRINGS,
            dependentRequired: { type: 'object', additionalProperties: STRINGS },
            title: { type: 'string' },
            description: { type: 'string' },
            default: {},
            deprecated: { type: 'boolean' },
            examples: { type: 'array' },
            secret: { type: 'boolean' },
            rotateOnly: STRINGS,
          },
        },
      ],
    },
  },
  $ref: '#/$defs/schema',
};
