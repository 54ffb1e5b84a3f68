package transcript

// textImporters are our own formats and the plain-text caption formats,
// in the order Detect tries them: the ones with a magic line or a
// structural JSON signature first, the extension-based ones last.
//
//   - WebVTT: "WEBVTT" magic (or .vtt)
//   - SRT: a cue number then a "hh:mm:ss,ttt -->" line (or .srt)
//   - ABCD: a JSON array whose first object has convo_id and original
//   - JSONL before native JSON, so a file of one object per line is not
//     taken for one JSON document
//   - CSV last: it accepts any .csv file
func textImporters() []Importer {
	return []Importer{WebVTTImporter{}, SRTImporter{}, ABCDImporter{}, JSONLImporter{}, NativeImporter{}, CSVImporter{}}
}
