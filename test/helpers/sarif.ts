// Checks for `layerwise lint --format sarif`. The official SARIF 2.1.0 schema cannot be downloaded
// here, so this is a hand-written subset of it (sarif-schema-2.1.0.json, OASIS errata 01): the
// objects Layerwise writes, with their property lists, types, enums, minimums and required
// properties as the official schema declares them — including `additionalProperties: false`, so
// a misspelt or misplaced property fails as it would against the full schema. Validated with ajv
// (in node_modules through @vscode/vsce). `assertGithubCodeScanning` adds what GitHub code
// scanning requires beyond the schema (docs: "SARIF support for code scanning").
import assert from 'node:assert/strict';
import Ajv from 'ajv';

const ref = (name: string): { $ref: string } => ({ $ref: `#/definitions/${name}` });
const object = (properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  properties: { ...properties, properties: ref('propertyBag') },
  ...(required.length > 0 ? { required } : {}),
});
const LEVEL = { enum: ['none', 'note', 'warning', 'error'] };
const anything = {};

export const SARIF_SUBSET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  ...object({ $schema: { type: 'string' }, version: { enum: ['2.1.0'] }, runs: { type: ['array', 'null'], items: ref('run') }, inlineExternalProperties: anything }, ['version', 'runs']),
  definitions: {
    propertyBag: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' }, uniqueItems: true } }, additionalProperties: true },
    multiformatMessageString: object({ text: { type: 'string' }, markdown: { type: 'string' } }, ['text']),
    message: {
      ...object({ text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' }, arguments: { type: 'array', items: { type: 'string' } } }),
      anyOf: [{ required: ['text'] }, { required: ['id'] }],
    },
    run: object({
      tool: ref('tool'),
      originalUriBaseIds: { type: 'object', additionalProperties: ref('artifactLocation') },
      columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
      results: { type: ['array', 'null'], items: ref('result') },
      invocations: anything, conversion: anything, language: anything, versionControlProvenance: anything, artifacts: anything,
      logicalLocations: anything, graphs: anything, automationDetails: anything, runAggregates: anything, baselineGuid: anything,
      redactionTokens: anything, defaultEncoding: anything, defaultSourceLanguage: anything, newlineSequences: anything,
      externalPropertyFileReferences: anything, threadFlowLocations: anything, taxonomies: anything, addresses: anything,
      translations: anything, policies: anything, webRequests: anything, webResponses: anything, specialLocations: anything,
    }, ['tool']),
    tool: object({ driver: ref('toolComponent'), extensions: { type: 'array', items: ref('toolComponent') } }, ['driver']),
    toolComponent: object({
      name: { type: 'string' }, version: { type: 'string' }, semanticVersion: { type: 'string' }, informationUri: { type: 'string' },
      rules: { type: 'array', items: ref('reportingDescriptor'), uniqueItems: true },
      guid: anything, organization: anything, product: anything, productSuite: anything, shortDescription: ref('multiformatMessageString'),
      fullDescription: ref('multiformatMessageString'), fullName: anything, dottedQuadFileVersion: anything, releaseDateUtc: anything,
      downloadUri: anything, globalMessageStrings: anything, notifications: anything, taxa: anything, locations: anything, language: anything,
      contents: anything, isComprehensive: anything, localizedDataSemanticVersion: anything, minimumRequiredLocalizedDataSemanticVersion: anything,
      associatedComponent: anything, translationMetadata: anything, supportedTaxonomies: anything,
    }, ['name']),
    reportingDescriptor: object({
      id: { type: 'string' }, name: { type: 'string' }, guid: anything, deprecatedIds: anything, deprecatedGuids: anything, deprecatedNames: anything,
      shortDescription: ref('multiformatMessageString'), fullDescription: ref('multiformatMessageString'), help: ref('multiformatMessageString'),
      helpUri: { type: 'string' }, messageStrings: anything, relationships: anything,
      defaultConfiguration: object({ enabled: { type: 'boolean' }, level: LEVEL, rank: { type: 'number', minimum: -1, maximum: 100 }, parameters: ref('propertyBag') }),
    }, ['id']),
    result: object({
      ruleId: { type: 'string' }, ruleIndex: { type: 'integer', minimum: -1 }, rule: anything, guid: anything, correlationGuid: anything,
      kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] }, level: LEVEL, message: ref('message'),
      analysisTarget: ref('artifactLocation'), locations: { type: 'array', items: ref('location') },
      relatedLocations: { type: 'array', items: ref('location'), uniqueItems: true },
      fixes: { type: 'array', items: ref('fix'), uniqueItems: true },
      fingerprints: { type: 'object', additionalProperties: { type: 'string' } }, partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
      webRequest: anything, webResponse: anything, codeFlows: anything, graphs: anything, graphTraversals: anything, stacks: anything,
      suppressions: anything, baselineState: anything, rank: anything, attachments: anything, hostedViewerUri: anything, workItemUris: anything,
      provenance: anything, taxa: anything,
    }, ['message']),
    location: object({ id: { type: 'integer', minimum: -1 }, physicalLocation: ref('physicalLocation'), message: ref('message'), logicalLocations: anything, annotations: anything, relationships: anything }),
    physicalLocation: {
      ...object({ artifactLocation: ref('artifactLocation'), region: ref('region'), contextRegion: ref('region'), address: anything }),
      anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }],
    },
    artifactLocation: object({ uri: { type: 'string' }, uriBaseId: { type: 'string' }, index: { type: 'integer', minimum: -1 }, description: ref('message') }),
    region: object({
      startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 },
      endColumn: { type: 'integer', minimum: 1 }, charOffset: { type: 'integer', minimum: -1 }, charLength: { type: 'integer', minimum: 0 },
      byteOffset: { type: 'integer', minimum: -1 }, byteLength: { type: 'integer', minimum: 0 }, snippet: anything, message: ref('message'), sourceLanguage: anything,
    }),
    fix: object({ description: ref('message'), artifactChanges: { type: 'array', items: ref('artifactChange'), minItems: 1, uniqueItems: true } }, ['artifactChanges']),
    artifactChange: object({ artifactLocation: ref('artifactLocation'), replacements: { type: 'array', items: ref('replacement'), minItems: 1 } }, ['artifactLocation', 'replacements']),
    replacement: object({ deletedRegion: ref('region'), insertedContent: object({ text: { type: 'string' }, binary: { type: 'string' }, rendered: anything }) }, ['deletedRegion']),
  },
};

const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(SARIF_SUBSET_SCHEMA);

/** Schema errors as readable lines; empty when the log is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

interface Log {
  $schema?: string;
  version: string;
  runs: {
    tool: { driver: { name: string; rules?: { id: string; shortDescription?: { text: string }; fullDescription?: { text: string }; properties?: { tags?: string[] } }[] } };
    results: { ruleId?: string; ruleIndex?: number; message: { text?: string }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[] }[];
  }[];
}

/**
 * What GitHub code scanning requires (docs.github.com, "SARIF support for code scanning"): `$schema`
 * and `version`; per run `tool.driver.name` and `results`; per rule an `id`, and the short and full
 * descriptions it shows at the top of an alert; per result `ruleId`, `message.text` and at least one
 * location whose `artifactLocation.uri` is relative to the checkout (or a file URI) with a
 * `region.startLine`; `ruleIndex` pointing at the rule; at most 25,000 results and rules per run,
 * 20 tags per rule and 1,000 locations per result.
 */
export function assertGithubCodeScanning(log: Log): void {
  assert.ok(log.$schema, '`$schema` is required');
  assert.equal(log.version, '2.1.0');
  for (const run of log.runs) {
    assert.ok(run.tool.driver.name, 'tool.driver.name');
    assert.ok(Array.isArray(run.results), 'runs[].results');
    const rules = run.tool.driver.rules ?? [];
    assert.ok(rules.length <= 25_000 && run.results.length <= 25_000);
    for (const rule of rules) {
      assert.ok(rule.id && rule.shortDescription?.text && rule.fullDescription?.text, `rule ${rule.id}: id and descriptions`);
      assert.ok((rule.properties?.tags ?? []).length <= 20);
    }
    for (const result of run.results) {
      assert.ok(result.ruleId && result.message.text, 'ruleId and message.text');
      if (result.ruleIndex !== undefined) assert.equal(rules[result.ruleIndex]?.id, result.ruleId, 'ruleIndex points at the rule');
      const locations = result.locations ?? [];
      assert.ok(locations.length >= 1 && locations.length <= 1000, 'one to 1,000 locations');
      for (const location of locations) {
        const uri = location.physicalLocation?.artifactLocation?.uri ?? '';
        assert.ok(uri.startsWith('file://') || (!uri.startsWith('/') && !uri.includes('\\') && !uri.includes('://')), `uri \`${uri}\` is relative or a file URI`);
        // A valid URI reference: it resolves against a base without throwing or changing its text.
        assert.equal(new URL(uri, 'file:///checkout/').href.startsWith('file:///'), true);
        assert.ok(Number.isInteger(location.physicalLocation?.region?.startLine), 'region.startLine');
      }
    }
  }
}
