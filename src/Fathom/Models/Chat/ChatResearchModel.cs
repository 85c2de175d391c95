using System.Text.RegularExpressions;
using Fathom.Reading;
using Fathom.Research;
using Fathom.Sources;
using Microsoft.Extensions.AI;

namespace Fathom.Models.Chat;

/// <summary>
/// The research model on a language model: each stage is one structured call to the chat client of
/// its role, under the run's budget. Unusable answers are repaired once, then rejected: the stage
/// returns a stand-in marked unanswered, which <see cref="FallbackResearchModel"/> replaces with the
/// extractive model's answer. Quotes are kept only when they are verbatim in the page.
/// </summary>
public sealed partial class ChatResearchModel : IResearchModel
{
    private readonly ChatModelRoles _roles;
    private readonly ChatModelOptions _options;
    private readonly ChatCalls _calls;

    /// <summary>A model that uses <paramref name="roles"/>' clients as <paramref name="options"/> say.</summary>
    public ChatResearchModel(ChatModelRoles roles, ChatModelOptions? options = null)
    {
        _roles = roles;
        _options = options ?? new ChatModelOptions();
        _calls = new ChatCalls(_options);
        Info = new ModelInfo(_options.Name, IsLanguageModel: true, SupportsImages: _options.SupportsImages);
    }

    /// <inheritdoc />
    public ModelInfo Info { get; }

    [GeneratedRegex(@"\[\[(\d+(?:\s*,\s*\d+)*)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Citation();

    [GeneratedRegex(@"^\s*```[a-zA-Z]*\s*\n(?<body>.*)\n\s*```\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Fenced();

    /// <inheritdoc />
    public async Task<StageResult<Clarification>> ClarifyAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var notes = new StageNotes();
        var answer = await _calls.AskJsonAsync(
            run, notes, _roles.Planner, "clarify", [new(ChatRole.System, ChatPrompts.Clarify), QuestionMessage(run.Request)],
            ChatAnswerJson.Default.ClarifyAnswer, "clarification",
            a => a.Needed && Clean(a.Questions).Count == 0 ? "\"needed\" is true but no questions were given" : null,
            [],
            cancellationToken);
        return answer.Value switch
        {
            { Needed: true } a => notes.Answer(new Clarification(a.Text?.Trim() ?? "", Clean(a.Questions).Take(3).ToList())),
            not null => notes.Answer(Clarification.None),
            null => notes.StandIn(Clarification.None),
        };
    }

    /// <inheritdoc />
    public async Task<StageResult<ResearchPlan>> PlanAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var notes = new StageNotes();
        var answer = await _calls.AskJsonAsync(
            run, notes, _roles.Planner, "plan", [new(ChatRole.System, ChatPrompts.Plan), QuestionMessage(run.Request)],
            ChatAnswerJson.Default.PlanAnswer, "research_plan",
            a => string.IsNullOrWhiteSpace(a.Brief) ? "the brief is empty"
                : Clean(a.Outline).Count is 0 or > 12 ? "the outline must list between 1 and 12 section titles"
                : null,
            [],
            cancellationToken);
        return answer.Value is { } plan
            ? notes.Answer(new ResearchPlan(plan.Brief!.Trim(), Clean(plan.Outline)))
            : notes.StandIn(new ResearchPlan(run.Request.FullQuestion.Trim(), [run.Request.Question.Trim()]));
    }

    /// <inheritdoc />
    public async Task<StageResult<RoundPlan>> PlanRoundAsync(RunSnapshot run, int round, CancellationToken cancellationToken)
    {
        var notes = new StageNotes();
        if (LoopGuard.Barren(run.Rounds) is { } barren)
        {
            return notes.Answer(RoundPlan.Stop(barren));
        }

        var limits = run.Request.Limits;
        IReadOnlyList<AITool> tools = _calls.ToolsRefused ? [] : run.Tools;
        var answer = await _calls.AskJsonAsync(
            run,
            notes,
            _roles.Planner,
            "plan_round",
            [
                new(ChatRole.System, ChatPrompts.Format(ChatPrompts.PlanRound, limits.QueriesPerRound) + (tools.Count > 0 ? ChatPrompts.Format(ChatPrompts.Tools, limits.QueriesPerRound) : "")),
                new(ChatRole.User, ChatPrompts.RoundState(run, round, limits.MaxRounds, _options.MaxWriterInputChars / 4)),
            ],
            ChatAnswerJson.Default.RoundAnswer,
            "round_plan",
            a => !a.Stop && Clean(a.Queries).Count == 0 ? "the answer neither stops nor gives queries" : null,
            tools,
            cancellationToken);

        if (answer.Failure == CallFailure.Budget)
        {
            return notes.Answer(RoundPlan.Stop(LimitMessages.Name(run.Budget.ModelLimitReached ?? LimitKind.TokenBudget)));
        }

        if (answer.Value is not { } plan)
        {
            return round == 1
                ? notes.StandIn(FirstRoundWithoutModel(run))
                : notes.StandIn(RoundPlan.Stop("the model's round plan was unusable"));
        }

        // The first round always searches: a report needs sources even when the model thinks it knows.
        if (plan.Stop && round > 1)
        {
            return notes.Answer(RoundPlan.Stop(string.IsNullOrWhiteSpace(plan.StopReason) ? "the model judged the research complete" : plan.StopReason.Trim()));
        }

        var proposed = plan.Stop ? [run.Request.Question] : Clean(plan.Queries);
        var fresh = LoopGuard.NewQueries(proposed, run.QueriesSoFar).Take(limits.QueriesPerRound).ToList();
        if (fresh.Count == 0)
        {
            notes.Reject("plan_round", $"loop guard: every proposed query repeats one already searched ({string.Join(" | ", proposed)})");
            return notes.Answer(RoundPlan.Stop("loop guard: the model repeated earlier queries"));
        }

        return notes.Answer(new RoundPlan(string.IsNullOrWhiteSpace(plan.Goal) ? run.Request.Question.Trim() : plan.Goal.Trim(), fresh));
    }

    /// <inheritdoc />
    public async Task<StageResult<PageLearning>> LearnAsync(RunSnapshot run, ReadPage page, SourceCard source, CancellationToken cancellationToken)
    {
        var notes = new StageNotes();
        var invented = 0;
        var answer = await _calls.AskAsync<PageLearning>(
            run,
            notes,
            _roles.Reader,
            "learn",
            [
                new(ChatRole.System, ChatPrompts.Format(ChatPrompts.Learn, _options.MaxFindingsPerPage)),
                new(ChatRole.User, ChatPrompts.Page(run, page, source, _options.MaxPageChars)),
            ],
            JsonOptions(ChatAnswerJson.Default.LearnAnswer, "page_learning"),
            text =>
            {
                var (parsed, problem) = ChatJson.Parse(text, ChatAnswerJson.Default.LearnAnswer);
                if (parsed is null)
                {
                    return (null, problem);
                }

                var learning = Ground(parsed, page, source, out invented);
                return learning.Findings.Count == 0 && invented > 0
                    ? (null, "none of the quotes is in the page word for word: copy each quote exactly from the page text")
                    : (learning, null);
            },
            forWriting: false,
            "Answer with the JSON object only, quoting the page exactly.",
            cancellationToken);

        if (answer.Value is { } result)
        {
            if (invented > 0)
            {
                notes.Reject("learn", $"source [{source.Number}]: {invented} quote(s) not found in the page were dropped");
            }

            return notes.Answer(result);
        }

        return notes.StandIn(PageLearning.Nothing);
    }

    /// <inheritdoc />
    public async Task<StageResult<DraftReport>> WriteAsync(RunSnapshot run, CancellationToken cancellationToken)
    {
        var notes = new StageNotes();
        var all = run.Findings;
        if (all.Count == 0)
        {
            return notes.StandIn(new DraftReport(""));
        }

        var request = run.Request;
        var maxTokens = request.Style == ReportStyle.Summary ? Math.Min(_options.MaxReportTokens, 1_200) : _options.MaxReportTokens;
        var room = _options.MaxWriterInputChars;
        if (run.Budget.TokensLeft is { } left)
        {
            room = (int)Math.Min(room, Math.Max(0, (left - maxTokens - 1_000) * 3));
        }

        if (MoneyLeftForInput(run, maxTokens) is { } inputTokens)
        {
            room = (int)Math.Min(room, Math.Max(0, (inputTokens - 1_000) * 3));
        }

        var findings = Select(all, room);
        if (findings.Count == 0)
        {
            run.Budget.Refuse(request.Limits.CostBudget is not null && request.Limits.TokenBudget is null ? LimitKind.CostBudget : LimitKind.TokenBudget);
            return notes.StandIn(new DraftReport(""));
        }

        var known = findings.Select(f => f.SourceNumber).ToHashSet();
        var system = ChatPrompts.Format(
            ChatPrompts.Write,
            ReportLanguage.For(request.Question, _options.ReportLanguage),
            request.Limits.ReportWordBudget,
            ChatPrompts.Style(request.Style));
        var answer = await _calls.AskAsync<string>(
            run,
            notes,
            _roles.Writer,
            "write",
            [new(ChatRole.System, system), new(ChatRole.User, ChatPrompts.Findings(run, findings))],
            new ChatOptions { MaxOutputTokens = maxTokens, Temperature = _options.Temperature },
            text => CheckReport(text, known),
            forWriting: true,
            "Write the whole report again, citing the sources' numbers.",
            cancellationToken);

        return answer.Value is { } markdown
            ? notes.Answer(new DraftReport(markdown))
            : notes.StandIn(new DraftReport(""));
    }

    /// <summary>Input tokens the money left buys once the report's own tokens are paid for; null without a money budget or a price.</summary>
    private long? MoneyLeftForInput(RunSnapshot run, int reportTokens)
    {
        var model = _roles.Writer.GetService<ChatClientMetadata>()?.DefaultModelId;
        if (run.Budget.MoneyLeft is not { } money || _options.Prices.Find(model) is not { InputPerMillion: > 0 } price)
        {
            return null;
        }

        var left = money - price.Cost(0, reportTokens);
        return left <= 0 ? 0 : (long)(left / price.InputPerMillion * 1_000_000m);
    }

    private static (string? Value, string? Problem) CheckReport(string text, HashSet<int> known)
    {
        var body = Fenced().Match(text) is { Success: true } m ? m.Groups["body"].Value : text;
        var cited = Citation().Matches(body)
            .SelectMany(c => c.Groups[1].Value.Split(','))
            .Select(n => int.TryParse(n.Trim(), out var i) ? i : 0)
            .ToList();
        if (body.Trim().Length == 0)
        {
            return (null, "the report is empty");
        }

        return cited.Any(known.Contains)
            ? (body.Trim() + "\n", null)
            : (null, "the report cites none of the given sources: end every factual sentence with [[n]], n being a source number given");
    }

    /// <summary>The most relevant findings that fit in <paramref name="room"/> characters, in source order.</summary>
    private static List<Finding> Select(IReadOnlyList<Finding> findings, int room)
    {
        var picked = new List<Finding>();
        var used = 0;
        foreach (var finding in findings.OrderByDescending(f => f.Relevance).ThenBy(f => f.SourceNumber))
        {
            var size = finding.Claim.Length + finding.Quote.Length + 24;
            if (used + size > room)
            {
                continue;
            }

            used += size;
            picked.Add(finding);
        }

        return picked.OrderBy(f => f.SourceNumber).ThenBy(f => f.Position).ToList();
    }

    /// <summary>Keeps the findings whose quotes are in the page, with the page's exact words; counts the others.</summary>
    private PageLearning Ground(LearnAnswer answer, ReadPage page, SourceCard source, out int invented)
    {
        invented = 0;
        var findings = new List<Finding>();
        foreach (var item in (answer.Findings ?? []).Take(_options.MaxFindingsPerPage))
        {
            if (QuoteLocator.Locate(page.Text, item.Quote) is not { } located)
            {
                invented++;
                continue;
            }

            var claim = string.IsNullOrWhiteSpace(item.Claim) ? located.Text : item.Claim.Trim();
            findings.Add(new Finding(source.Number, claim, located.Text, Math.Clamp(item.Relevance, 0, 1), located.Start));
        }

        return new PageLearning(answer.Summary?.Trim() ?? "", findings);
    }

    private static RoundPlan FirstRoundWithoutModel(RunSnapshot run)
    {
        var queries = LoopGuard.NewQueries([run.Request.Question, .. run.Plan?.Outline ?? []], run.QueriesSoFar)
            .Take(run.Request.Limits.QueriesPerRound)
            .ToList();
        return new RoundPlan(run.Request.Question.Trim(), queries);
    }

    /// <summary>The user message of the early stages: the question, and its images when the model can see them.</summary>
    private ChatMessage QuestionMessage(ResearchRequest request)
    {
        var images = _options.SupportsImages ? request.Images.Select(Image).OfType<AIContent>().ToList() : [];
        var unseen = request.Images.Count - images.Count;
        return new ChatMessage(ChatRole.User, [new TextContent(ChatPrompts.Question(request, unseen)), .. images]);
    }

    private static AIContent? Image(ImageInput image)
    {
        if (image.Source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return new DataContent(image.Source, image.MediaType);
        }

        return Uri.TryCreate(image.Source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? new UriContent(uri, image.MediaType)
            : null;
    }

    private ChatOptions JsonOptions<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string name) => new()
    {
        ResponseFormat = ChatResponseFormat.ForJsonSchema(ChatJson.Schema(type), name),
        MaxOutputTokens = _options.MaxAnswerTokens,
        Temperature = _options.Temperature,
    };

    private static List<string> Clean(IReadOnlyList<string>? items) =>
        (items ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
}
