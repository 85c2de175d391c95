namespace Fathom.Research;

/// <summary>What the verifier did to the report before it was released.</summary>
/// <param name="CitedSentences">Sentences that carry at least one citation after verification.</param>
/// <param name="Removed">Sentences dropped because no cited source supports them or a citation did not resolve.</param>
/// <param name="Recited">Sentences whose citation was moved to the source that does support them.</param>
/// <param name="UnresolvedDropped">Citation markers that named no known source and were removed.</param>
public sealed record VerificationSummary(int CitedSentences, int Removed, int Recited, int UnresolvedDropped);
