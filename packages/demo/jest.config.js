module.exports = { preset: '@alerts/jest-presets', displayName: require('./package.json').name };
