namespace Fathom.Reading.Extraction;

/// <summary>
/// How strict one extraction pass is; later passes relax what an earlier one found too little with.
/// The last keeps every block its container holds: on a photo essay the captions are the text.
/// </summary>
internal sealed record ExtractionPass(bool StripUnlikely, bool WeightClasses, bool CleanConditionally, bool PruneFurniture = true);
