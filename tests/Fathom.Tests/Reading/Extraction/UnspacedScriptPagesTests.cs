using Fathom.Reading;
using Fathom.Reading.Extraction;

namespace Fathom.Tests.Reading.Extraction;

/// <summary>
/// Pages in scripts written without spaces between words read as pages in spaced scripts do: counted
/// by spaces, each paragraph and each headline of a Chinese page is one word, and the headlines of a
/// sidebar read like a story's sentences.
/// </summary>
public sealed class UnspacedScriptPagesTests
{
    private const string Story = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>城市地铁新线路今日开通运营 - 示例新闻网</title></head>
        <body>
        <div class="top"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/sports">体育</a> <a href="/finance">财经</a> <a href="/tech">科技</a> <a href="/login">登录</a></div>
        <div class="wrap">
         <div class="col-md-8">
          <h1>城市地铁新线路今日开通运营</h1>
          <div class="info">2026年3月18日 来源：示例新闻网 记者 王明</div>
          <div class="txt">
           <p>本市地铁十四号线今天上午正式开通运营，全长三十二公里，共设二十一座车站，连接城市东部的居住区和西部的产业园区。首班车于早上六点从起点站发出，许多市民专程赶来体验。</p>
           <p>据市轨道交通集团介绍，新线路采用全自动运行系统，列车最高时速达到一百公里。高峰时段的发车间隔为三分钟，预计每天可以运送乘客四十万人次，将明显缓解东西方向的道路交通压力。</p>
           <p>在开通仪式上，市长表示，轨道交通是城市发展的骨架，未来五年还将新建四条线路，使全市地铁总里程超过五百公里。他同时提醒市民注意乘车安全，遵守车站秩序。</p>
           <p>家住东部新区的李女士说，过去她每天开车上班需要一个多小时，现在乘坐地铁只需要四十分钟，而且不用担心堵车和停车的问题。她认为新线路给沿线居民带来了实实在在的便利。</p>
           <p>交通专家指出，地铁开通后，沿线的公交线路也需要及时调整，做好换乘衔接。只有多种交通方式协同配合，才能真正提高公共交通的吸引力，减少私家车出行。</p>
          </div>
          <div class="share"><a href="#">分享到微信</a> <a href="#">分享到微博</a> <a href="#">复制链接</a></div>
         </div>
         <div class="col-md-4">
          <h3>热门文章</h3>
          <ul>
           <li><a href="/a/1">高铁新站明年投入使用</a></li>
           <li><a href="/a/2">本周末全市气温回升</a></li>
           <li><a href="/a/3">春季招聘会下周举行</a></li>
           <li><a href="/a/4">新建公园向市民开放</a></li>
           <li><a href="/a/5">多所学校调整作息时间</a></li>
           <li><a href="/a/6">图书馆推出夜间阅读服务</a></li>
          </ul>
         </div>
        </div>
        <div class="foot">版权所有 © 2026 示例新闻网 <a href="/about">关于我们</a> <a href="/contact">联系我们</a> <a href="/privacy">隐私政策</a></div>
        </body></html>
        """;

    [Fact]
    public void ChineseStory_KeepsEveryParagraph_DropsTheSidebarsHeadlinesAndTheMenus()
    {
        var article = new PageExtractor().Extract(Story, "https://news.example.cn/2026/03/18/metro-line-14.html");

        Assert.Equal(PageType.Article, article.Type);
        Assert.Contains("本市地铁十四号线今天上午正式开通运营", article.Text, StringComparison.Ordinal);
        Assert.Contains("只有多种交通方式协同配合", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("高铁新站明年投入使用", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("图书馆推出夜间阅读服务", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("隐私政策", article.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("登录", article.Text, StringComparison.Ordinal);
    }
}
