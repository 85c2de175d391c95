using Fathom.Models.Extractive;
using Fathom.Text;

namespace Fathom.Tests.Text;

public sealed class SentenceSplittingTests
{
    [Theory]
    [InlineData("Prices in the U.S. rose by 3.5 percent last year. Europe saw less.", 2)]
    [InlineData("The U.K. and the U.S. signed it. Others did not.", 2)]
    [InlineData("J. K. Rowling wrote it in 1997. It sold well.", 2)]
    [InlineData("Dr. Smith and Mr. Jones met at 10.30 a.m. in the hall. They talked.", 2)]
    [InlineData("\"Stop!\" he said. Nobody did.", 2)]
    [InlineData("She asked, \"Is it safe?\" The answer was yes.", 2)]
    [InlineData("Rates rose sharply.(9) The central bank acted.", 2)]
    [InlineData("Rates rose sharply.[12] The central bank acted.", 2)]
    [InlineData("Version 2.0 of the tool was released e.g. for testing. Then 3.1 came.", 2)]
    public void Splits_at_sentence_ends_only(string text, int count)
    {
        var sentences = Sentences.Split(text);
        Assert.Equal(count, sentences.Count);
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Text.Length)));
    }

    [Fact]
    public void Chinese_sentences_end_at_their_full_width_marks_with_no_space_after()
    {
        const string Text = "茶起源于中国西南地区。唐朝时期，陆羽撰写了《茶经》！“茶很快流行起来。”他说。你喝茶吗？";

        var sentences = Sentences.Split(Text);

        Assert.Equal(["茶起源于中国西南地区。", "唐朝时期，陆羽撰写了《茶经》！", "“茶很快流行起来。”", "他说。", "你喝茶吗？"], sentences.Select(s => s.Text));
        Assert.All(sentences, s => Assert.Equal(s.Text, Text.Substring(s.Start, s.Text.Length)));
    }

    [Fact]
    public void Repeated_full_width_marks_end_one_sentence_and_a_space_after_them_is_not_kept()
    {
        var sentences = Sentences.Split("真的吗？！ 是的。。。然后呢");

        Assert.Equal(["真的吗？！", "是的。。。", "然后呢"], sentences.Select(s => s.Text));
    }

    [Fact]
    public void A_cited_chinese_line_is_cut_after_each_sentence_with_its_citation()
    {
        var parts = Sentences.SplitCited("十七世纪，荷兰东印度公司把茶叶运到欧洲 [[1]]。 咖啡起源于埃塞俄比亚 [[2]]。");

        Assert.Equal(["十七世纪，荷兰东印度公司把茶叶运到欧洲 [[1]]。", "咖啡起源于埃塞俄比亚 [[2]]。"], parts);
        Assert.Equal("茶很快流行起来".Length, Sentences.CitationPoint("茶很快流行起来。"));
    }

    [Fact]
    public void A_footnote_number_stays_with_the_sentence_it_ends()
    {
        var sentences = Sentences.Split("Rates rose sharply.(9) The central bank acted.");
        Assert.Equal("Rates rose sharply.(9)", sentences[0].Text);
        Assert.Equal("The central bank acted.", sentences[1].Text);
    }

    [Fact]
    public void Report_lines_are_not_cut_at_abbreviations_and_markers_stay_with_their_sentence()
    {
        var parts = Sentences.SplitCited("Output in the U.S. fell [[2]]. Dr. Lee disagreed [[3]]. A third point. [[4]] Last one [[1]].");
        Assert.Equal(["Output in the U.S. fell [[2]].", "Dr. Lee disagreed [[3]].", "A third point. [[4]]", "Last one [[1]]."], parts);
    }

    [Theory]
    [InlineData("Prices rose.", "Prices rose [[3]].")]
    [InlineData("Is it safe?", "Is it safe [[3]]?")]
    [InlineData("He said \"no.\"", "He said \"no [[3]].\"")]
    [InlineData("She called it “a disaster.”", "She called it “a disaster [[3]].”")]
    [InlineData("No closing punctuation", "No closing punctuation [[3]]")]
    [InlineData("Made in the U.S.", "Made in the U.S [[3]].")]
    public void Each_citation_goes_at_the_end_of_its_sentence_before_the_closing_punctuation(string sentence, string cited)
    {
        Assert.Equal(cited, ReportComposer.Cited(sentence, 3));
    }
}
