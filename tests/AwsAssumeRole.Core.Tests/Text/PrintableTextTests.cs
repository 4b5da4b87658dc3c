using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Tests.Text;

public sealed class PrintableTextTests
{
    [Theory]
    [InlineData("plain text, café, 日本", "plain text, café, 日本")]
    [InlineData("\u001b]0;title\u0007\u001b[2J", @"\x1b]0;title\x07\x1b[2J")]
    [InlineData("csi\u009b2J nel\u0085 del\u007f", @"csi\x9b2J nel\x85 del\x7f")]
    [InlineData("bidi \u202egnp.exe zero\u200bwidth bom\ufeff", @"bidi \u202egnp.exe zero\u200bwidth bom\ufeff")]
    [InlineData("lines\r\nand\u2028seps\u2029", @"lines\x0d\x0aand\u2028seps\u2029")]
    [InlineData("tag \U000E0041 emoji \U0001F600", @"tag \U000e0041 emoji " + "\U0001F600")]
    public void Escape_shows_every_non_printable_character_as_an_escape(string text, string expected)
    {
        // Act
        var shown = PrintableText.Escape(text);

        // Assert
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void Escape_shows_a_lone_surrogate_as_an_escape()
    {
        // Act (built here: theory data would not carry a lone surrogate intact)
        var shown = PrintableText.Escape("lone " + (char)0xD800 + " surrogate" + (char)0xDC00);

        // Assert
        Assert.Equal(@"lone \ud800 surrogate\udc00", shown);
    }

    [Fact]
    public void Escape_cuts_to_the_limit_with_the_dots_included_and_never_inside_an_escape()
    {
        // Act
        var fits = PrintableText.Escape(new string('a', 500));
        var cut = PrintableText.Escape(new string('a', 501));
        var escapes = PrintableText.Escape(new string('\u001b', 200), 10);
        var pairs = PrintableText.Escape(string.Concat(Enumerable.Repeat("\U0001F600", 10)), 8);

        // Assert
        Assert.Equal(new string('a', 500), fits);
        Assert.Equal(new string('a', 497) + "...", cut);
        Assert.Equal(@"\x1b...", escapes);
        Assert.Equal("\U0001F600\U0001F600...", pairs);
    }

    [Fact]
    public void OneLine_joins_trimmed_lines_with_spaces_then_escapes()
    {
        // Act
        var line = PrintableText.OneLine("  first \r\n\r\n second\u001b[0m\n third  ");

        // Assert
        Assert.Equal(@"first second\x1b[0m third", line);
    }

    [Theory]
    [InlineData("http://alice:CorpPassw0rd@proxy.example:8080/", "http://proxy.example:8080/")]
    [InlineData("https://sts.amazonaws.com", "https://sts.amazonaws.com/")]
    [InlineData("https://alice@sts.example:443/path?X-Amz-Security-Token=secret#frag", "https://sts.example/path")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    public void Url_never_shows_user_info_a_query_or_a_fragment(string url, string expected)
    {
        // Act
        var shown = PrintableText.Url(new Uri(url));

        // Assert
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void Url_works_on_the_uris_the_AWS_SDK_makes_without_canonicalization()
    {
        // Arrange
        var uri = new Uri("http://127.0.0.1:5000/", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        // Act
        var shown = PrintableText.Url(uri);

        // Assert
        Assert.Equal("http://127.0.0.1:5000/", shown);
    }
}
