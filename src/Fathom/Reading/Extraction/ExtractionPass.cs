namespace Fathom.Reading.Extraction;

/// <summary>How strict one extraction pass is; later passes relax what an earlier one found too little with.</summary>
internal sealed record ExtractionPass(bool StripUnlikely, bool WeightClasses, bool CleanConditionally);
