using Fathom.Reading.Extraction.Blocks;
using Fathom.Text;

namespace Fathom.Tests.Reading.Extraction;

public sealed class BlockFeaturesTests
{
    [Theory]
    [InlineData("Acme Kettle 2000 review", "The Acme kettle_2000 boils fast, 2000 times!")]
    [InlineData("Ελληνικά νέα σήμερα", "Νέα: ελληνικά και άλλα")]
    [InlineData("東京 ニュース", "東京のニュース、今日")]
    [InlineData("Café crème", "CAFÉ, crème brûlée — naïve")]
    public void TitleOverlap_CountsWordsAsTheWordTokenizerCutsThem(string title, string text)
    {
        var titleWords = Words.Tokens(title).ToHashSet(StringComparer.Ordinal);
        var tokens = Words.Tokens(text);
        var expected = (float)tokens.Count(titleWords.Contains) / tokens.Count;

        Assert.Equal(expected, BlockFeatures.TitleOverlap(text, titleWords), 6);
    }

    [Theory]
    [InlineData("नई मेट्रो लाइन आज सुबह खुल गई। शहर के पूर्वी हिस्से से पश्चिम तक की यात्रा, जो पहले दो घंटे लेती थी, अब आधे घंटे में होगी।", '।', ',')] // Hindi
    [InlineData("نئی میٹرو لائن آج صبح کھل گئی۔ شہر کے مشرقی حصے سے مغرب تک کا سفر، جو پہلے دو گھنٹے لیتا تھا، اب آدھے گھنٹے میں ہوگا۔", '۔', '،')] // Urdu
    [InlineData("አዲሱ የባቡር መስመር ዛሬ ጠዋት ተከፈተ። ከከተማው ምሥራቅ እስከ ምዕራብ ያለው ጉዞ፣ ቀድሞ ሁለት ሰዓት የሚወስደው፣ አሁን ግማሽ ሰዓት ይወስዳል።", '።', '፣')] // Amharic
    [InlineData("Նոր մետրոյի գիծը բացվեց այսօր առավոտյան։ Քաղաքի արևելքից արևմուտք ճանապարհը, որ առաջ երկու ժամ էր տևում, այժմ կես ժամ է։", '։', ',')] // Armenian
    public void Sentences_EndedByTheirOwnScriptsMarks_ReadAsLatinSentencesDo(string paragraph, char fullStop, char comma)
    {
        var own = ParagraphFeatures(paragraph);
        var latin = ParagraphFeatures(paragraph.Replace(fullStop, '.').Replace(comma, ','));
        var endsSentence = Array.IndexOf(BlockFeatures.Names, "ends_sentence");
        var punctuation = Array.IndexOf(BlockFeatures.Names, "punct_per_word");
        var commas = Array.IndexOf(BlockFeatures.Names, "comma_per_word");

        Assert.Equal(1, own[endsSentence]);
        Assert.True(own[punctuation] > 0, "the full stops count as punctuation");
        Assert.Equal(latin[punctuation], own[punctuation]);
        Assert.True(own[commas] > 0, "the commas count as commas");
        Assert.Equal(latin[commas], own[commas]);
    }

    [Theory]
    [InlineData("新的地铁线路今天上午正式开通，全长三十二公里，首班车于早上六点发出．", '．')] // a full-width full stop
    [InlineData("他说：“我们等了十年。”", '”')] // a quotation closing the sentence
    [InlineData("新线路的列车最高时速达到一百公里（每小时）", '）')] // a full-width bracket
    public void Ending_OfAnUnspacedScript_IsReadAsTheEndOfASentence(string paragraph, char last)
    {
        Assert.Equal(last, paragraph[^1]);
        var features = ParagraphFeatures(paragraph);

        Assert.Equal(1, features[Array.IndexOf(BlockFeatures.Names, "ends_sentence")]);
    }

    [Theory]
    [InlineData("More stories »")]
    [InlineData("Read the ‘best’")]
    public void Ending_OfALinkLabel_IsNotTheEndOfASentence(string label)
    {
        Assert.Equal(0, ParagraphFeatures(label)[Array.IndexOf(BlockFeatures.Names, "ends_sentence")]);
    }

    private static float[] ParagraphFeatures(string paragraph)
    {
        var page = PageAnalysis.Of($"<html><head><title>Metro</title></head><body><main><p>{paragraph}</p></main></body></html>", "https://news.example.org/metro");
        var index = page.Blocks.FindIndex(b => b.Text == paragraph);
        Assert.True(index >= 0, $"no block reads '{paragraph}'");
        return page.Features[index];
    }
}
