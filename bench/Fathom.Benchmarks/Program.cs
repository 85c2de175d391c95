using BenchmarkDotNet.Running;
using Fathom.Benchmarks;

// extraction-eval OUT.json [fathom|rules|smartreader]: writes the predictions the extraction scorer reads.
if (args.Length >= 2 && args[0] == "extraction-eval")
{
    return ExtractionEval.Run(args[1], args.Length > 2 ? args[2] : "fathom");
}

// pages-eval OUT.json [fathom|rules|smartreader] [PER_TYPE]: predictions for eval_pages.py on the multi-type page set.
if (args.Length >= 2 && args[0] == "pages-eval")
{
    return PagesEval.Run(args[1], args.Length > 2 ? args[2] : "fathom", args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : null);
}

// pages-punctuation OUT.json SCRIPT [PER_TYPE]: the multi-type pages with their text's punctuation written as SCRIPT writes it.
if (args.Length >= 3 && args[0] == "pages-punctuation")
{
    return PunctuationProbe.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : null);
}

// pages-profile [PER_TYPE|all]: the page extractor's time per stage, on the first pages of each type or on every page.
if (args.Length >= 1 && args[0] == "pages-profile")
{
    return PageProfile.Run(args.Length < 2 ? 20 : args[1] == "all" ? null : int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
}

// pages-parse [ROUNDS]: AngleSharp's parse alone beside the whole extract, every page, ms per page.
if (args.Length >= 1 && args[0] == "pages-parse")
{
    return ParseShare.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
}

// offline-run [CORPUS] [QUERIES]: whole offline research runs with the built-in model, timed, with peak memory.
if (args.Length >= 1 && args[0] == "offline-run")
{
    return await OfflineRunMeasurement.RunAsync(args[1..]);
}

// relevance [CORPUS]: chooses the relevance test's constants by leave-one-out over labelled questions.
if (args.Length >= 1 && args[0] == "relevance")
{
    return await RelevanceMeasurement.RunAsync(args[1..]);
}

// research-loo [INDEX.db]: chooses the extractive writer's constants by leave-one-out over the research questions.
if (args.Length >= 1 && args[0] == "research-loo")
{
    return await WriterLeaveOneOut.RunAsync(args[1..]);
}

// hybrid-query INDEX.db: query latency of an embedded index, BM25 alone against hybrid.
if (args.Length >= 1 && args[0] == "hybrid-query")
{
    return await HybridQueryMeasurement.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
