/** Rule family: interface-endpoints. See shared RULES.md for the codes; each rule names the AWS fact it encodes. */
import type { Rule } from './types.js';

export const interfaceEndpointsRules: readonly Rule[] = [];
