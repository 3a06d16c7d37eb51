// Session-recording peer for the interoperability tests, built on npm's @msgpack/msgpack alone.
//
//   node recording_peer.cjs PACKAGE_DIR decode FILE   read a MusicEmotion recording as a JavaScript dashboard would
//   node recording_peer.cjs PACKAGE_DIR encode FILE   write a recording from scratch, following only the documented layout
//
// Either way it prints the recording as JSON: {"sessions": [{"header": {...}, "readings": [{...}, ...]}]}.
// JavaScript has one number type, so this peer writes whole numbers (t = 0, 1, ...) as MessagePack integers:
// the project's reader must take any number where the layout says float.
"use strict";
const fs = require("fs");
const path = require("path");

const [packageDir, action, file] = process.argv.slice(2);
if (!packageDir || !["decode", "encode"].includes(action) || !file) {
  console.error("usage: node recording_peer.cjs PACKAGE_DIR decode|encode FILE");
  process.exit(2);
}
const msgpack = require(path.resolve(packageDir, "dist.cjs", "index.cjs"));
const FORMAT = "musicemotion-recording";

function decode() {
  const sessions = [];
  for (const value of msgpack.decodeMulti(fs.readFileSync(file))) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new Error(`${file}: a top-level value is not a map`);
    }
    if ("format" in value) {
      if (value.format !== FORMAT || value.version !== 1) {
        throw new Error(`${file}: unexpected header ${value.format} version ${value.version}`);
      }
      sessions.push({ header: value, readings: [] });
    } else {
      sessions[sessions.length - 1].readings.push(value);
    }
  }
  return { sessions };
}

function encode() {
  const header = {
    format: FORMAT, version: 1, app: "recording_peer.cjs", model: "js-model", model_sha256: "cd".repeat(32),
    model_signature: { frames: 44, bands: 128, state_layers: 2, state_hidden: 32 },
    engine: "javascript", provider: "cpu", forecaster: "js-trend", forecast_history: 10, forecast_s: [0.5, 1, 1.5],
    source: "browser tab", source_kind: "capture", sample_rate: 44100, channels: 1,
    start: "2025-11-22T22:00:00.5Z", frame_s: 0.5,
  };
  const readings = Array.from({ length: 6 }, (_, i) => {
    const arousal = Math.sin(i * 1.1) * 0.6;
    const valence = Math.cos(i * 0.5) * 0.8;
    return {
      seq: i, t: i * 0.5, wall: 1763848800.5 + i * 0.5, arousal, valence,
      quadrant: (arousal >= 0 ? "active" : "passive") + (valence >= 0 ? "-positive" : "-negative"),
      label: `js-label-${i}`,
      forecast: [[arousal, valence], [arousal / 2, valence / 2], [0, 0]],
      latency_us: { framing: 12, features: 800.5, inference: 120.25, publish: 2 },
      rms: i / 10, peak: i / 5, flags: i === 4 ? ["constant", "state-reset"] : [],
    };
  });
  const encoder = new msgpack.Encoder();
  fs.writeFileSync(file, Buffer.concat([header, ...readings].map((value) => encoder.encode(value))));
  return { sessions: [{ header, readings }] };
}

process.stdout.write(JSON.stringify(action === "decode" ? decode() : encode()));
