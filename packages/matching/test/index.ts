// Test helpers other packages' property tests use: seeded randomness and alert queries from real vocabulary.
export { mulberry32, testSeed } from './mulberry32';
export { buildVocabulary, randomQuery, type Vocabulary } from './random-queries';
export { corpusWords, generateQuery, type CorpusWords } from '../bench/generate-subscriptions';
