// The auditor's receipt check ("Check a receipt"), run in the page with Web Crypto. It checks what the gateway's own
// receipt verifier checks (gateway/verifier: org.bridgeway.audit.receipt.ReceiptVerifier, and the note, tree and
// verify packages it calls) with nothing but what the auditor gives it: a receipt or a document of receipts, the
// gateway's audit-signing certificate and the log's origin. It asks the server for nothing (there is no fetch here):
// a gateway that lies must not be able to vouch for itself. Whatever came from the input is shown with textContent,
// never as markup.
(function () {
  'use strict';

  var form = document.getElementById('receipt-check');
  if (!form) {
    return;
  }

  // The limits and formats of the Java verifier, so that the page passes exactly what it passes.
  var RECEIPT_FORMAT = 'bridgeway-audit-receipt/v1'; // Receipt.FORMAT
  var MAX_RECEIPT_CHARS = 256 * 1024; // ReceiptVerifier.MAX_RECEIPT_CHARS
  var MAX_NOTE_CHARS = 16 * 1024; // SignedCheckpoint.MAX_NOTE_BYTES, which counts characters
  var MAX_RECEIPT_FILE_BYTES = 4 * MAX_RECEIPT_CHARS; // UTF-8 spends at most 4 bytes on a character
  var MAX_CERTIFICATE_FILE_BYTES = 64 * 1024; // an X.509 certificate of one key is a few kilobytes
  var HASH_BYTES = 32;
  var MAX_PROOF_HASHES = 64;
  var KEY_HASH_BYTES = 4;
  var ED25519_KEY_BYTES = 32;
  var ED25519_SIGNATURE_BYTES = 64;
  var ALGORITHM_ED25519 = 0x01; // NoteKey.ED25519: the signed-note algorithm byte of a log's signature
  var LEAF_PREFIX = 0x00;
  var NODE_PREFIX = 0x01;
  var LARGEST_TREE_SIZE = BigInt('9223372036854775807'); // a Java long
  var SIGNATURE_LINE_PREFIX = '\u2014 '; // an em dash and a space
  var ED25519_OID = '2b6570'; // 1.3.101.112 (RFC 8410)
  var OTHER_KEYS = {
    '2a864886f70d010101': 'an RSA key',
    '2a8648ce3d0201': 'an elliptic-curve (EC) key',
    '2a8648ce380401': 'a DSA key',
    '2b6571': 'an Ed448 key',
    '2b656e': 'an X25519 key',
    '2b656f': 'an X448 key'
  };
  var VERIFY_COMMAND =
    './bridgeway audit verify-receipt FILE --cert audit-signing.crt --origin ORIGIN --tsa-cert TSA.pem';

  var fields = {
    receipt: {
      group: document.getElementById('receipt-group'),
      error: document.getElementById('receipt-error'),
      file: document.getElementById('receipt-file'),
      paste: document.getElementById('receipt-text'),
      what: 'receipt',
      none: 'Choose the receipt file or paste the receipt',
      both: 'Choose the receipt file or paste the receipt, not both',
      maxFileBytes: MAX_RECEIPT_FILE_BYTES
    },
    certificate: {
      group: document.getElementById('certificate-group'),
      error: document.getElementById('certificate-error'),
      file: document.getElementById('certificate-file'),
      paste: document.getElementById('certificate-text'),
      what: 'certificate',
      none: "Choose the gateway's audit-signing certificate or paste it",
      both: 'Choose the certificate file or paste the certificate, not both',
      maxFileBytes: MAX_CERTIFICATE_FILE_BYTES
    },
    origin: {
      group: document.getElementById('origin-group'),
      error: document.getElementById('origin-error'),
      input: document.getElementById('origin')
    }
  };
  var result = document.getElementById('receipt-result');
  var details = document.getElementById('receipt-details');
  var button = document.getElementById('check-receipt');
  var pageTitle = document.title;
  var running = false;

  /** What is wrong with what was given in one field: shown beside it and in the error summary. */
  function InputProblem(field, message, control) {
    this.field = field;
    this.message = message;
    this.control = control;
  }

  /** A signed note that cannot be read, with SignedCheckpoint's and Checkpoint's reasons. */
  function MalformedNote(message) {
    this.message = message;
  }

  // ---- bytes, text and hashes

  var utf8 = new TextEncoder();

  function concat() {
    var length = 0;
    var i;
    for (i = 0; i < arguments.length; i++) {
      length += arguments[i].length;
    }
    var out = new Uint8Array(length);
    var at = 0;
    for (i = 0; i < arguments.length; i++) {
      out.set(arguments[i], at);
      at += arguments[i].length;
    }
    return out;
  }

  function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return out;
  }

  function fromHex(text) {
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) {
      out[i] = parseInt(text.substr(2 * i, 2), 16);
    }
    return out;
  }

  function sameBytes(a, b) {
    if (a.length !== b.length) {
      return false;
    }
    var difference = 0;
    for (var i = 0; i < a.length; i++) {
      difference |= a[i] ^ b[i];
    }
    return difference === 0;
  }

  // Java's Base64.getDecoder(): the standard alphabet only, no white space, padding optional but right if present.
  var BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

  function decodeBase64(text) {
    if (typeof text !== 'string' || !BASE64.test(text)) {
      return null;
    }
    var binary = atob(text);
    var out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      out[i] = binary.charCodeAt(i);
    }
    return out;
  }

  function encodeBase64(bytes) {
    var binary = '';
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary);
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }

  /** RFC 9162 2.1.1: a leaf's hash is SHA-256 of 0x00 and its data, so a leaf can never pass for a node. */
  function leafHash(data) {
    return sha256(concat(Uint8Array.of(LEAF_PREFIX), data));
  }

  function nodeHash(left, right) {
    return sha256(concat(Uint8Array.of(NODE_PREFIX), left, right));
  }

  /** A value of the input, shortened for showing: a damaged receipt may hold anything, of any length. */
  function shown(value, most) {
    var text = String(value);
    var limit = most || 80;
    return text.length > limit ? text.slice(0, limit) + '\u2026' : text;
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function has(object, name) {
    return isObject(object) && Object.prototype.hasOwnProperty.call(object, name);
  }

  // ---- reading what was given

  /** The text of a field: its chosen file (which must be UTF-8) or what was pasted; one of them, never both. */
  async function textOf(name) {
    var field = fields[name];
    var file = field.file.files && field.file.files[0];
    var pasted = field.paste.value;
    if (file && pasted.trim() !== '') {
      throw new InputProblem(name, field.both, field.paste);
    }
    if (!file) {
      if (pasted.trim() === '') {
        throw new InputProblem(name, field.none, field.file);
      }
      return pasted;
    }
    if (file.size > field.maxFileBytes) {
      throw new InputProblem(name, 'The ' + field.what + ' file is larger than a ' + field.what + ' can be ('
        + field.maxFileBytes.toLocaleString('en-GB') + ' bytes)', field.file);
    }
    var bytes = await file.arrayBuffer();
    try {
      // the Java verifier reads files as strict UTF-8 and keeps a byte order mark, which then is not JSON
      return new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes);
    } catch (notUtf8) {
      throw new InputProblem(name, 'The ' + field.what + ' file is not UTF-8 text', field.file);
    }
  }

  /** The control a problem with a field's text points at: the file input when a file was chosen. */
  function controlOf(name) {
    var field = fields[name];
    return field.file.files && field.file.files[0] ? field.file : field.paste;
  }

  /** The log's origin, which must be a signed-note key name (NoteKey): one word, no '+'. */
  function originGiven() {
    var input = fields.origin.input;
    var origin = input.value.trim();
    if (origin === '') {
      throw new InputProblem('origin', "Enter the log's name, as the operator gave it to you: bridgeway/ and the "
        + "operator's organisation id", input);
    }
    if (/[\s+]/.test(origin)) {
      throw new InputProblem('origin', "The log's name is one word, without spaces or '+'", input);
    }
    return origin;
  }

  /**
   * Reads a receipt or a document of receipts as ReceiptVerifier.verifyDocument does: a document is a JSON object
   * with a non-empty array "receipts"; anything else with "receipts" is refused, and an object without it is one
   * receipt.
   */
  function readDocument(text) {
    var control = controlOf('receipt');
    if (text.length > MAX_RECEIPT_CHARS) {
      throw new InputProblem('receipt', 'The receipt is longer than a document of receipts can be ('
        + MAX_RECEIPT_CHARS.toLocaleString('en-GB') + ' characters)', control);
    }
    var root;
    try {
      root = JSON.parse(text);
    } catch (notJson) {
      throw new InputProblem('receipt', 'The receipt is not JSON: give it as the gateway gave it', control);
    }
    if (!isObject(root)) {
      throw new InputProblem('receipt', 'The receipt is not a receipt: it is not a JSON object', control);
    }
    if (has(root, 'receipts')) {
      var all = root.receipts;
      if (!Array.isArray(all) || all.length === 0) {
        throw new InputProblem('receipt', "The receipt document is not a document of receipts: its 'receipts' is "
          + 'not a non-empty list', control);
      }
      return {
        exchangeId: typeof root.exchangeId === 'string' ? root.exchangeId : null,
        receipts: all.map(function (receipt, i) {
          return readReceipt(receipt, 'Receipt ' + (i + 1) + ' of ' + all.length, control);
        })
      };
    }
    return {exchangeId: null, receipts: [readReceipt(root, 'This', control)]};
  }

  /** One receipt's fields, each present and of its type, in the order ReceiptVerifier reads them. */
  function readReceipt(node, label, control) {
    function notAReceipt(why) {
      return new InputProblem('receipt', label + ' is not a receipt: ' + why, control);
    }
    function text(name) {
      if (!has(node, name) || typeof node[name] !== 'string') {
        throw notAReceipt("the field '" + name + "' is missing or not a string");
      }
      return node[name];
    }
    if (text('format') !== RECEIPT_FORMAT) {
      throw notAReceipt('its format is not ' + RECEIPT_FORMAT);
    }
    var index = node.index;
    if (!has(node, 'index') || typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      throw notAReceipt("the field 'index' is missing or not a non-negative integer");
    }
    if (!Number.isSafeInteger(index)) {
      throw notAReceipt("its 'index' is larger than this page can check: check it with the command below");
    }
    var entry = text('entry');
    var leafHashText = text('leafHash');
    var checkpoint = text('checkpoint');
    if (!Array.isArray(node.inclusionProof)) {
      throw notAReceipt('the inclusion proof is missing');
    }
    return {
      index: index,
      entry: entry,
      leafHash: leafHashText,
      checkpoint: checkpoint,
      inclusionProof: node.inclusionProof,
      timestamped: has(node, 'timestampToken') && node.timestampToken !== null
    };
  }

  // ---- the checkpoint: a C2SP signed note, read as SignedCheckpoint.parse and Checkpoint.parse read it

  var INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

  function padded(number, digits) {
    return String(number).padStart(digits, '0');
  }

  /**
   * An ISO-8601 instant as Java's Instant.toString writes it, or null if it is not one. The Java verifier checks the
   * signature over the body it writes back from what it read, so the page does the same. (Java also reads the leap
   * second and 24:00 forms, which no gateway writes: here they are malformed.)
   */
  function canonicalInstant(text) {
    var m = INSTANT.exec(text);
    if (!m) {
      return null;
    }
    var year = +m[1];
    var month = +m[2];
    var day = +m[3];
    var hour = +m[4];
    var minute = +m[5];
    var second = +m[6];
    var at = new Date(0);
    at.setUTCFullYear(year, month - 1, day);
    at.setUTCHours(hour, minute, second, 0);
    if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day
      || at.getUTCHours() !== hour || at.getUTCMinutes() !== minute || at.getUTCSeconds() !== second) {
      return null;
    }
    if (m[8] !== 'Z') {
      var sign = m[8].charAt(0) === '-' ? -1 : 1;
      var offsetHours = +m[8].substr(1, 2);
      var offsetMinutes = +m[8].substr(4, 2);
      if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
        return null;
      }
      at = new Date(at.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60000);
      if (at.getUTCFullYear() < 0 || at.getUTCFullYear() > 9999) {
        return null;
      }
    }
    var nanos = (m[7] || '').padEnd(9, '0');
    var fraction = '';
    if (+nanos !== 0) { // as many digits as needed, in groups of three
      fraction = '.' + (nanos.endsWith('000000') ? nanos.slice(0, 3) : nanos.endsWith('000') ? nanos.slice(0, 6)
        : nanos);
    }
    return padded(at.getUTCFullYear(), 4) + '-' + padded(at.getUTCMonth() + 1, 2) + '-' + padded(at.getUTCDate(), 2)
      + 'T' + padded(at.getUTCHours(), 2) + ':' + padded(at.getUTCMinutes(), 2) + ':' + padded(at.getUTCSeconds(), 2)
      + fraction + 'Z';
  }

  /** A checkpoint body: four lines (origin, tree size, base64 root hash, "issued <instant>"), nothing after. */
  function parseCheckpoint(body) {
    var lines = body.slice(0, -1).split('\n');
    if (lines.length !== 4) {
      throw new MalformedNote('a checkpoint has 4 lines (origin, size, root hash, issued), not ' + lines.length);
    }
    if (/^\s*$/.test(lines[0])) {
      throw new MalformedNote('the checkpoint origin line is empty');
    }
    if (!/^(?:0|[1-9][0-9]{0,18})$/.test(lines[1])) {
      throw new MalformedNote('the tree size is not a decimal number without leading zeros');
    }
    var size = BigInt(lines[1]);
    if (size > LARGEST_TREE_SIZE) {
      throw new MalformedNote('the tree size is out of range');
    }
    var root = decodeBase64(lines[2]);
    if (root === null) {
      throw new MalformedNote('the root hash is not base64');
    }
    if (root.length !== HASH_BYTES) {
      throw new MalformedNote('the root hash is not 32 bytes');
    }
    if (!lines[3].startsWith('issued ')) {
      throw new MalformedNote("the fourth line is not 'issued <instant>'");
    }
    var issued = canonicalInstant(lines[3].slice('issued '.length));
    if (issued === null) {
      throw new MalformedNote('the issued time is not an ISO-8601 instant');
    }
    var canonical = lines[0] + '\n' + lines[1] + '\n' + encodeBase64(root) + '\n' + 'issued ' + issued + '\n';
    return {origin: lines[0], size: size, root: root, issued: issued, body: utf8.encode(canonical)};
  }

  /** A signed note: a checkpoint body, one blank line, then at least one line "— <name> <base64>". */
  function parseSignedCheckpoint(text) {
    if (text.length > MAX_NOTE_CHARS) {
      throw new MalformedNote('a signed checkpoint is at most ' + MAX_NOTE_CHARS + ' characters');
    }
    var split = text.indexOf('\n\n');
    if (split < 0) {
      throw new MalformedNote('a signed note has a blank line between body and signatures');
    }
    var checkpoint = parseCheckpoint(text.slice(0, split + 1));
    var rest = text.slice(split + 2);
    if (rest === '' || !rest.endsWith('\n')) {
      throw new MalformedNote('a signed note ends with at least one signature line');
    }
    var signatures = rest.slice(0, -1).split('\n').map(function (line) {
      if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
        throw new MalformedNote('a signature line starts with an em dash and a space');
      }
      var parts = line.slice(SIGNATURE_LINE_PREFIX.length).split(' ');
      if (parts.length !== 2 || parts[0] === '') {
        throw new MalformedNote("a signature line is '\u2014 <name> <base64>'");
      }
      var payload = decodeBase64(parts[1]);
      if (payload === null) {
        throw new MalformedNote('the signature of ' + shown(parts[0], 60) + ' is not base64');
      }
      if (payload.length < KEY_HASH_BYTES + 1) {
        throw new MalformedNote('the signature of ' + shown(parts[0], 60) + ' is too short');
      }
      return {name: parts[0], payload: payload};
    });
    return {checkpoint: checkpoint, signatures: signatures};
  }

  /** c2sp.org/signed-note: the first 4 bytes of SHA-256(name, a newline, the algorithm byte, the public key). */
  async function keyHash(name, publicKey) {
    var digest = await sha256(concat(utf8.encode(name + '\n'), Uint8Array.of(ALGORITHM_ED25519), publicKey));
    return digest.slice(0, KEY_HASH_BYTES);
  }

  // ---- the certificate: PEM, then just enough DER to find the SubjectPublicKeyInfo

  /** The first PEM object's bytes, if it is a certificate, as Bouncy Castle's PEMParser reads it for the verifier. */
  function pemCertificate(text, control) {
    function notPem(why) {
      return new InputProblem('certificate', 'This is not a PEM certificate: ' + why, control);
    }
    var lines = text.split(/\r\n|\n|\r/);
    var begin = lines.findIndex(function (line) {
      return line.startsWith('-----BEGIN ');
    });
    if (begin < 0) {
      throw notPem('it has no line -----BEGIN CERTIFICATE-----');
    }
    var type = /^-----BEGIN ([A-Z0-9 ]+)-----\s*$/.exec(lines[begin]);
    if (!type) {
      throw notPem('its -----BEGIN line is damaged');
    }
    if (type[1] !== 'CERTIFICATE' && type[1] !== 'X509 CERTIFICATE') {
      throw notPem('it holds a ' + type[1].toLowerCase() + ', not a certificate');
    }
    var end = '-----END ' + type[1] + '-----';
    var base64 = '';
    for (var i = begin + 1; i < lines.length; i++) {
      if (lines[i].trim() === end) {
        var der = decodeBase64(base64.replace(/\s+/g, ''));
        if (der === null || der.length === 0) {
          throw notPem('its base64 is damaged');
        }
        return der;
      }
      if (lines[i].indexOf(':') < 0) { // a line with a colon is a PEM header, not content
        base64 += lines[i];
      }
    }
    throw notPem('the line ' + end + ' is missing');
  }

  /**
   * One DER element at {@code at}, within {@code end}: its tag and where its content starts and ends. Definite,
   * shortest lengths only, as DER has them; anything else, or anything overrunning its parent, is refused.
   */
  function derElement(bytes, at, end) {
    if (at + 2 > end) {
      return null;
    }
    var tag = bytes[at];
    if ((tag & 0x1f) === 0x1f) {
      return null; // a high tag number: no element of a certificate read here has one
    }
    var first = bytes[at + 1];
    var start = at + 2;
    var length = first;
    if (first >= 0x80) {
      var count = first & 0x7f;
      if (count === 0 || count > 4 || start + count > end || bytes[start] === 0) {
        return null; // indefinite (BER), absurdly long, or not the shortest form
      }
      length = 0;
      for (var i = 0; i < count; i++) {
        length = length * 256 + bytes[start + i];
      }
      if (length < 0x80) {
        return null;
      }
      start += count;
    }
    if (start + length > end) {
      return null;
    }
    return {tag: tag, at: at, start: start, end: start + length};
  }

  var SEQUENCE = 0x30;
  var INTEGER = 0x02;
  var BIT_STRING = 0x03;
  var OBJECT_IDENTIFIER = 0x06;
  var EXPLICIT_VERSION = 0xa0;

  /**
   * The certificate's SubjectPublicKeyInfo (RFC 5280 4.1): Certificate ::= SEQUENCE { tbsCertificate, signature
   * algorithm, signature }, tbsCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer,
   * validity, subject, subjectPublicKeyInfo, ... }. Nothing else of the certificate matters to the check, as the
   * verifier takes only its key; the structure around it is still walked strictly, to the last byte.
   */
  function subjectPublicKeyInfo(der, control) {
    var notX509 = new InputProblem('certificate', 'This is not a PEM certificate: what it holds is not an X.509 '
      + 'certificate', control);
    function expect(at, end, tag) {
      var element = derElement(der, at, end);
      if (element === null || element.tag !== tag) {
        throw notX509;
      }
      return element;
    }
    var certificate = expect(0, der.length, SEQUENCE);
    if (certificate.end !== der.length) {
      throw notX509;
    }
    var tbs = expect(certificate.start, certificate.end, SEQUENCE);
    var algorithm = expect(tbs.end, certificate.end, SEQUENCE);
    var signature = expect(algorithm.end, certificate.end, BIT_STRING);
    if (signature.end !== certificate.end) {
      throw notX509;
    }
    var field = derElement(der, tbs.start, tbs.end);
    if (field !== null && field.tag === EXPLICIT_VERSION) {
      field = derElement(der, field.end, tbs.end);
    }
    if (field === null || field.tag !== INTEGER) {
      throw notX509; // the serial number
    }
    for (var skipped = 0; skipped < 4; skipped++) { // the signature algorithm, issuer, validity and subject
      field = expect(field.end, tbs.end, SEQUENCE);
    }
    var spki = expect(field.end, tbs.end, SEQUENCE);
    var keyAlgorithm = expect(spki.start, spki.end, SEQUENCE);
    var oid = expect(keyAlgorithm.start, keyAlgorithm.end, OBJECT_IDENTIFIER);
    var key = expect(keyAlgorithm.end, spki.end, BIT_STRING);
    if (key.end !== spki.end) {
      throw notX509;
    }
    return {
      spki: der.slice(spki.at, spki.end),
      algorithm: der.slice(oid.start, oid.end),
      key: der.slice(key.start, key.end)
    };
  }

  function dottedOid(bytes) {
    var arcs = [];
    var value = 0;
    for (var i = 0; i < bytes.length; i++) {
      value = value * 128 + (bytes[i] & 0x7f);
      if ((bytes[i] & 0x80) === 0) {
        arcs.push(value);
        value = 0;
      }
    }
    if (arcs.length === 0) {
      return '?';
    }
    var first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
    return [first, arcs[0] - 40 * first].concat(arcs.slice(1)).join('.');
  }

  /** The certificate's Ed25519 key, as AuditCertificate.ed25519Key takes it: anything but Ed25519 is refused. */
  function readCertificate(text) {
    var control = controlOf('certificate');
    var der = pemCertificate(text, control);
    var info = subjectPublicKeyInfo(der, control);
    var algorithm = hex(info.algorithm);
    if (algorithm !== ED25519_OID) {
      throw new InputProblem('certificate', "This certificate's key is not an Ed25519 key: it is "
        + (OTHER_KEYS[algorithm] || 'a key of algorithm ' + dottedOid(info.algorithm)) + '. The gateway signs its '
        + 'audit log with Ed25519: give its audit-signing certificate', control);
    }
    if (info.key.length !== 1 + ED25519_KEY_BYTES || info.key[0] !== 0) {
      throw new InputProblem('certificate', "This certificate's Ed25519 key is not 32 bytes: the certificate is "
        + 'damaged', control);
    }
    return {spki: info.spki, publicKey: info.key.slice(1)};
  }

  // ---- the checks of one receipt

  /** RFC 9162 2.1.3.2, as ProofVerifier.checkInclusion: null when the proof leads to the root, else why not. */
  async function inclusionProblem(leaf, index, size, proof, root) {
    for (var i = 0; i < proof.length; i++) {
      if (proof[i].length !== HASH_BYTES) {
        return 'Its hash ' + (i + 1) + ' is not a 32-byte SHA-256 hash.';
      }
    }
    if (proof.length > MAX_PROOF_HASHES) {
      return 'It has ' + proof.length + ' hashes; a proof has at most ' + MAX_PROOF_HASHES + '.';
    }
    if (index < BigInt(0) || index >= size) {
      return 'Entry ' + index + ' is outside a tree of size ' + size + '.';
    }
    var zero = BigInt(0);
    var one = BigInt(1);
    var fn = index;
    var sn = size - one;
    var r = leaf;
    for (var p = 0; p < proof.length; p++) {
      if (sn === zero) {
        return 'It is longer than a tree of size ' + size + ' needs.';
      }
      if ((fn & one) === one || fn === sn) {
        r = await nodeHash(proof[p], r);
        while ((fn & one) === zero && fn !== zero) {
          fn >>= one;
          sn >>= one;
        }
      } else {
        r = await nodeHash(r, proof[p]);
      }
      fn >>= one;
      sn >>= one;
    }
    if (sn !== zero) {
      return 'It is shorter than a tree of size ' + size + ' needs.';
    }
    if (!sameBytes(r, root)) {
      return 'It leads to another root: entry ' + index + ' is not in the tree of size ' + size
        + ' whose root the gateway signed.';
    }
    return null;
  }

  /**
   * SignedCheckpoint.verifyLogSignature: the signature line of the log's name whose key hash is this key's, 64 bytes
   * of Ed25519 over the checkpoint's body.
   */
  async function signatureCheck(note, log) {
    var notSigned = "The tree head's signature does not verify with this certificate's key";
    var line = note.signatures.find(function (signature) {
      return signature.name === log.origin && sameBytes(signature.payload.slice(0, KEY_HASH_BYTES), log.keyHash);
    });
    if (!line) {
      return failed('signature', notSigned, 'It carries no signature by this key (key hash ' + hex(log.keyHash)
        + '): another key signed it.');
    }
    if (line.payload.length !== KEY_HASH_BYTES + ED25519_SIGNATURE_BYTES) {
      return failed('signature', notSigned, "This key's signature has the wrong length.");
    }
    if (await crypto.subtle.verify({name: 'Ed25519'}, log.key, line.payload.slice(KEY_HASH_BYTES),
      note.checkpoint.body)) {
      return passed('signature', "The tree head's signature verifies with this certificate's key");
    }
    return failed('signature', notSigned, 'The signature is wrong: the tree head was changed after it was signed, '
      + 'or forged.');
  }

  function passed(id, text, detail) {
    return {id: id, outcome: 'passed', text: text, detail: detail || null};
  }

  function failed(id, text, detail) {
    return {id: id, outcome: 'failed', text: text, detail: detail || null};
  }

  function notChecked(id, text, detail) {
    return {id: id, outcome: 'not-checked', text: text, detail: detail || null};
  }

  /**
   * Every check ReceiptVerifier makes of one receipt, each reported on its own. The verifier stops at the first
   * failure; the page goes on where it can, to name everything wrong, and passes only when every check passes, which
   * is exactly when the verifier passes. (The inclusion proof starts from the receipt's leaf hash, which the first
   * check holds to the entry's, so a changed entry fails that check alone.)
   */
  async function checkReceipt(receipt, log) {
    var checks = [];
    var computed = await leafHash(utf8.encode(receipt.entry));
    if (hex(computed) === receipt.leafHash) {
      checks.push(passed('leaf-hash', "The entry hashes to the receipt's leaf hash", hex(computed)));
    } else {
      checks.push(failed('leaf-hash', "The entry does not hash to the receipt's leaf hash",
        'SHA-256 of 0x00 and the entry is ' + hex(computed) + '; the receipt says ' + shown(receipt.leafHash) + '.'));
    }

    var entry;
    var entryIsJson = true;
    try {
      entry = JSON.parse(receipt.entry);
    } catch (notJson) {
      entryIsJson = false;
    }
    if (!entryIsJson) {
      checks.push(failed('entry-index', 'The entry is not JSON'));
    } else if (isObject(entry) && typeof entry.seq === 'number' && Math.trunc(entry.seq) === receipt.index) {
      // Math.trunc as Jackson's asLong, which the verifier compares: a number names the index its whole part does
      checks.push(passed('entry-index', "The entry is the log's entry " + receipt.index + ', as the receipt says'));
    } else {
      checks.push(failed('entry-index', "The entry does not name the receipt's index " + receipt.index,
        has(entry, 'seq') ? 'Its seq is ' + shown(JSON.stringify(entry.seq)) + '.' : 'It has no seq.'));
    }
    var entryType = entryIsJson && isObject(entry) && typeof entry.type === 'string' ? entry.type : null;

    var note;
    try {
      note = parseSignedCheckpoint(receipt.checkpoint);
    } catch (malformed) {
      if (!(malformed instanceof MalformedNote)) {
        throw malformed;
      }
      checks.push(failed('tree-head', 'The tree head cannot be read', 'It is malformed: ' + malformed.message + '.'));
      var because = 'Not checked: the tree head cannot be read.';
      checks.push(notChecked('origin', 'Which log the checkpoint is for', because));
      checks.push(notChecked('signature', "The tree head's signature", because));
      checks.push(notChecked('inclusion', 'The inclusion proof', because));
      return {checks: checks, entryType: entryType, note: null};
    }
    var checkpoint = note.checkpoint;
    checks.push(passed('tree-head', 'The tree head is a signed checkpoint', 'Tree size ' + checkpoint.size
      + ', root ' + hex(checkpoint.root) + ', issued ' + checkpoint.issued + '.'));

    if (checkpoint.origin === log.origin) {
      checks.push(passed('origin', 'The checkpoint is for the log ' + log.origin));
      checks.push(await signatureCheck(note, log));
    } else {
      // as LogCheckpoints.check, which refuses it before looking at signatures: one key may sign several logs, and
      // a tree head of another log proves nothing about this one, whoever signed it
      checks.push(failed('origin', 'The checkpoint is for another log',
        'It names ' + shown(checkpoint.origin) + ', not ' + log.origin + '.'));
      checks.push(notChecked('signature', "The tree head's signature", 'Not checked: a tree head of another log '
        + 'proves nothing about this one, whoever signed it.'));
    }

    var noLead = 'The inclusion proof does not lead to the signed root';
    var proof = [];
    for (var i = 0; i < receipt.inclusionProof.length; i++) {
      var hash = decodeBase64(receipt.inclusionProof[i]);
      if (hash === null) {
        checks.push(failed('inclusion', noLead, 'Its hash ' + (i + 1) + ' is not base64.'));
        return {checks: checks, entryType: entryType, note: note};
      }
      proof.push(hash);
    }
    var leaf = /^[0-9a-f]{64}$/.test(receipt.leafHash) ? fromHex(receipt.leafHash) : computed;
    var problem = await inclusionProblem(leaf, BigInt(receipt.index), checkpoint.size, proof, checkpoint.root);
    if (problem === null) {
      checks.push(passed('inclusion', 'The inclusion proof leads from the leaf hash to the signed root',
        'Entry ' + receipt.index + ' of ' + checkpoint.size + ', ' + proof.length + ' hashes.'));
    } else {
      checks.push(failed('inclusion', noLead, problem));
    }
    return {checks: checks, entryType: entryType, note: note};
  }

  // ---- showing problems and results

  function element(tag, className, text) {
    var created = document.createElement(tag);
    if (className) {
      created.className = className;
    }
    if (text !== undefined && text !== null) {
      created.textContent = text;
    }
    return created;
  }

  function setState(state) {
    form.setAttribute('data-state', state);
  }

  function describedBy(control, id, add) {
    var ids = (control.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (existing) {
      return existing !== '' && existing !== id;
    });
    if (add) {
      ids.push(id);
    }
    control.setAttribute('aria-describedby', ids.join(' '));
  }

  function clearProblems() {
    var summary = document.getElementById('receipt-error-summary');
    if (summary) {
      summary.remove();
    }
    document.title = pageTitle;
    Object.keys(fields).forEach(function (name) {
      var field = fields[name];
      field.group.classList.remove('govuk-form-group--error');
      field.error.classList.add('govuk-!-display-none');
      field.error.querySelector('.bw-error-text').textContent = '';
      [field.file, field.paste, field.input].forEach(function (control) {
        if (control) {
          control.classList.remove('govuk-input--error', 'govuk-textarea--error', 'govuk-file-upload--error');
          describedBy(control, field.error.id, false);
        }
      });
    });
  }

  function errorClass(control) {
    return control.tagName === 'TEXTAREA' ? 'govuk-textarea--error'
      : control.type === 'file' ? 'govuk-file-upload--error' : 'govuk-input--error';
  }

  /** The GOV.UK error summary above the heading, each problem also beside its field; the focus goes to it. */
  function showProblems(problems) {
    var list = element('ul', 'govuk-list govuk-error-summary__list');
    problems.forEach(function (problem) {
      var field = fields[problem.field];
      field.group.classList.add('govuk-form-group--error');
      field.error.querySelector('.bw-error-text').textContent = problem.message;
      field.error.classList.remove('govuk-!-display-none');
      problem.control.classList.add(errorClass(problem.control));
      describedBy(problem.control, field.error.id, true);
      var item = element('li');
      var link = element('a', null, problem.message);
      link.href = '#' + problem.control.id;
      item.appendChild(link);
      list.appendChild(item);
    });
    var summary = element('div', 'govuk-error-summary');
    summary.id = 'receipt-error-summary';
    summary.setAttribute('data-module', 'govuk-error-summary');
    summary.setAttribute('tabindex', '-1');
    var alert = element('div');
    alert.setAttribute('role', 'alert');
    alert.appendChild(element('h2', 'govuk-error-summary__title', 'There is a problem: nothing was checked'));
    var body = element('div', 'govuk-error-summary__body');
    body.appendChild(list);
    alert.appendChild(body);
    summary.appendChild(alert);
    var heading = document.querySelector('main h1');
    heading.parentNode.insertBefore(summary, heading);
    document.title = 'Error: ' + pageTitle;
    summary.focus();
  }

  var TAGS = {
    'passed': ['Passed', 'govuk-tag govuk-tag--green'],
    'failed': ['Failed', 'govuk-tag govuk-tag--red'],
    'not-checked': ['Not checked', 'govuk-tag govuk-tag--grey']
  };

  function checkItem(check, receiptNumber) {
    var item = element('li', 'govuk-!-margin-bottom-3');
    item.setAttribute('data-check', check.id);
    item.setAttribute('data-outcome', check.outcome);
    item.setAttribute('data-receipt', String(receiptNumber));
    item.appendChild(element('strong', TAGS[check.outcome][1], TAGS[check.outcome][0]));
    item.appendChild(element('span', 'govuk-visually-hidden', ': '));
    item.appendChild(document.createTextNode(' ' + check.text));
    if (check.detail) {
      item.appendChild(element('span', 'govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0',
        check.detail));
    }
    return item;
  }

  function failedChecks(outcome) {
    return outcome.checks.filter(function (check) {
      return check.outcome === 'failed';
    }).map(function (check) {
      return check.text;
    });
  }

  /**
   * Each check that failed, once, with the receipts it failed for: a certificate of another key fails every receipt
   * the same way, and is said once.
   */
  function failedByReceipt(outcomes, failing) {
    var receiptsOf = new Map();
    failing.forEach(function (i) {
      failedChecks(outcomes[i]).forEach(function (text) {
        if (!receiptsOf.has(text)) {
          receiptsOf.set(text, []);
        }
        receiptsOf.get(text).push(i + 1);
      });
    });
    var said = [];
    receiptsOf.forEach(function (numbers, text) {
      var which = numbers.length === outcomes.length ? 'every receipt'
        : numbers.length === 1 ? 'receipt ' + numbers[0]
          : numbers.length <= 5 ? 'receipts ' + numbers.slice(0, -1).join(', ') + ' and ' + numbers[numbers.length - 1]
            : numbers.length + ' receipts';
      said.push(text + ' (' + which + ').');
    });
    return said.join(' ');
  }

  /** The verdict, in the live region, and every check of every receipt below it. */
  function showResults(supplied, outcomes, log) {
    var count = outcomes.length;
    var failing = [];
    outcomes.forEach(function (outcome, i) {
      if (outcome.checks.some(function (check) {
        return check.outcome !== 'passed';
      })) {
        failing.push(i);
      }
    });
    var verdict;
    if (failing.length === 0) {
      setState('verified');
      verdict = count === 1
        ? 'entry ' + supplied.receipts[0].index + ' is in the log ' + log.origin + ' at tree size '
          + outcomes[0].note.checkpoint.size + ", under a tree head signed with this certificate's key."
        : 'all ' + count + ' receipts' + (supplied.exchangeId ? ' of exchange '
          + shown(supplied.exchangeId, 64) : '') + '. Each entry is in the log ' + log.origin
          + " under a tree head signed with this certificate's key.";
    } else {
      setState('failed');
      verdict = count === 1 ? failedChecks(outcomes[0]).join('; ') + '.'
        : failing.length + ' of ' + count + ' receipts ' + (failing.length === 1 ? 'does' : 'do') + ' not verify. '
          + failedByReceipt(outcomes, failing);
    }
    showVerdict(failing.length === 0 ? 'VERIFIED' : 'FAILED', verdict);
    var timestamped = supplied.receipts.some(function (receipt) {
      return receipt.timestamped;
    });
    var timestamps = element('p', 'govuk-body', (timestamped ? 'The timestamp tokens were not checked here.'
      : 'No receipt carries a timestamp token.') + ' To check timestamp tokens, run ');
    timestamps.appendChild(element('code', 'bw-mono', VERIFY_COMMAND));
    timestamps.appendChild(document.createTextNode('.'));
    result.appendChild(timestamps);

    details.textContent = '';
    details.appendChild(element('h2', 'govuk-heading-m',
      count === 1 ? 'Each check' : 'Each check, receipt by receipt'));
    outcomes.forEach(function (outcome, i) {
      var receipt = supplied.receipts[i];
      var title = (count === 1 ? 'The receipt' : 'Receipt ' + (i + 1) + ' of ' + count) + ': entry ' + receipt.index
        + (outcome.entryType ? ', ' + shown(outcome.entryType, 40) : '');
      details.appendChild(element('h3', 'govuk-heading-s', title));
      var list = element('ul', 'govuk-list');
      list.setAttribute('data-receipt', String(i + 1));
      outcome.checks.forEach(function (check) {
        list.appendChild(checkItem(check, i + 1));
      });
      list.appendChild(checkItem(receipt.timestamped
        ? notChecked('timestamp', 'The timestamp token is not checked here', 'Run ' + VERIFY_COMMAND + '.')
        : notChecked('timestamp', 'The receipt carries no timestamp token'), i + 1));
      details.appendChild(list);
    });
  }

  /** The live region's verdict: a word in bold (VERIFIED, FAILED, NOT CHECKED) and what it means. */
  function showVerdict(word, text) {
    result.textContent = '';
    result.appendChild(element('h2', 'govuk-heading-m', 'Result'));
    var line = element('p', 'govuk-body-l');
    line.id = 'receipt-verdict';
    if (word) {
      line.appendChild(element('strong', null, word));
      line.appendChild(document.createTextNode(': '));
    }
    line.appendChild(document.createTextNode(text));
    result.appendChild(line);
  }

  function showUnfinished(message, state) {
    setState(state);
    showVerdict('NOT CHECKED', message);
  }

  // ---- the check

  /** Runs {@code step}; an InputProblem is collected for the summary, anything else goes on up. */
  async function collecting(problems, step) {
    try {
      return await step();
    } catch (problem) {
      if (problem instanceof InputProblem) {
        problems.push(problem);
        return null;
      }
      throw problem;
    }
  }

  async function check() {
    clearProblems();
    details.textContent = '';
    setState('checking');
    showVerdict(null, 'Checking\u2026');
    var problems = [];
    var receiptText = await collecting(problems, function () {
      return textOf('receipt');
    });
    var supplied = receiptText === null ? null : await collecting(problems, function () {
      return readDocument(receiptText);
    });
    var certificateText = await collecting(problems, function () {
      return textOf('certificate');
    });
    var certificate = certificateText === null ? null : await collecting(problems, function () {
      return readCertificate(certificateText);
    });
    var origin = await collecting(problems, originGiven);
    if (problems.length > 0) {
      result.textContent = '';
      setState('invalid');
      showProblems(problems);
      return;
    }
    if (!window.crypto || !crypto.subtle) {
      showUnfinished('this browser cannot check receipts here. Run ' + VERIFY_COMMAND + '.', 'unsupported');
      return;
    }
    var key;
    try {
      key = await crypto.subtle.importKey('spki', certificate.spki, {name: 'Ed25519'}, false, ['verify']);
    } catch (refused) {
      if (refused && refused.name === 'NotSupportedError') {
        showUnfinished('this browser cannot check Ed25519 signatures. Run ' + VERIFY_COMMAND + '.',
          'unsupported');
        return;
      }
      result.textContent = '';
      setState('invalid');
      showProblems([new InputProblem('certificate', "This certificate's Ed25519 key cannot be read: the "
        + 'certificate is damaged', controlOf('certificate'))]);
      return;
    }
    var log = {origin: origin, key: key, keyHash: await keyHash(origin, certificate.publicKey)};
    var outcomes = [];
    for (var i = 0; i < supplied.receipts.length; i++) {
      outcomes.push(await checkReceipt(supplied.receipts[i], log));
    }
    showResults(supplied, outcomes, log);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault(); // nothing is ever sent: the form has no named fields and goes nowhere
    if (running) {
      return;
    }
    running = true;
    button.setAttribute('aria-disabled', 'true');
    check().catch(function (unexpected) {
      showUnfinished('the page could not finish the check (' + shown(unexpected && unexpected.name || 'error', 40)
        + '). Run ' + VERIFY_COMMAND + '.', 'error');
    }).finally(function () {
      running = false;
      button.removeAttribute('aria-disabled');
    });
  });
  setState('ready');
}());
