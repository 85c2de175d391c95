using System.Text.Json;
using Fathom.Models;
using Fathom.Research;
using Fathom.Server.DashScope;

namespace Fathom.Server.Web;

/// <summary>
/// Reads <c>POST /api/v1/research</c>: <c>{"question", "images": ["data:image/png;base64,…" or URL],
/// "clarify": true, "review_plan": false, "summary": false}</c>.
/// </summary>
internal static class StartRequest
{
    public const int MaxQuestionLength = 4000;

    /// <summary>The request, or an error naming the problem and the fix; a notice says what the model will not do with it.</summary>
    public static (ResearchRequest? Request, string? Error, string? Notice) Parse(JsonElement root, ResearchLimits limits, ModelInfo model)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object such as {\"question\": \"Why do startups fail?\"}.", null);
        }

        var question = root.TryGetProperty("question", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString()!.Trim() : "";
        if (question.Length == 0)
        {
            return (null, "\"question\" is missing or empty; ask a question such as {\"question\": \"Why do startups fail?\"}.", null);
        }

        if (question.Length > MaxQuestionLength)
        {
            return (null, $"\"question\" is {question.Length} characters long; keep it under {MaxQuestionLength}.", null);
        }

        var images = new List<ImageInput>();
        if (root.TryGetProperty("images", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                return (null, "\"images\" must be an array of image URLs or data: URIs.", null);
            }

            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var where = $"images[{i++}]";
                if (item.ValueKind != JsonValueKind.String)
                {
                    return (null, $"{where} must be a string: an http(s) URL or a data:image/…;base64 URI.", null);
                }

                var (image, error) = ImagePart.Parse(item.GetString()!, where);
                if (error is not null)
                {
                    return (null, error, null);
                }

                images.Add(image!);
            }

            if (images.Count > ImagePart.MaxImages)
            {
                return (null, $"The request carries {images.Count} images; at most {ImagePart.MaxImages} are allowed.", null);
            }
        }

        var request = new ResearchRequest
        {
            Question = question,
            Images = images,
            AllowClarification = Flag(root, "clarify", true),
            ReviewPlan = Flag(root, "review_plan", false),
            Style = Flag(root, "summary", false) ? ReportStyle.Summary : ReportStyle.Detailed,
            Limits = limits,
        };
        var notice = images.Count > 0 && !model.SupportsImages
            ? $"The model '{model.Name}' cannot look at images; the {images.Count} attached are kept with the run but not read."
            : null;
        return (request, null, notice);
    }

    private static bool Flag(JsonElement root, string name, bool fallback) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : fallback;
}
