using System.Text;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Tests.Profiles;

/// <summary>
/// The INI reader against what botocore's <c>raw_config_parse</c> (botocore 1.43, Python 3.11's
/// configparser) makes of the same text: each expected column was written from its output.
/// </summary>
public sealed class IniFileTests
{
    private const string Path = "/home/me/.aws/config";

    public static TheoryData<string, string, string> Files => new()
    {
        { "a comment after a header", "[profile c] # prod\nregion = eu-west-1\n", "[profile c] region=eu-west-1" },
        { "key: value", "[a]\nregion: eu-west-1\nx : y = z\n", "[a] region=eu-west-1; x=y = z" },
        { "the first = or : splits", "[a]\nk = a:b=c\nj: x=y\n", "[a] k=a:b=c; j=x=y" },
        { "no inline comments", "[a]\nregion = eu-west-1 # prod\nk = v ; x\n", "[a] region=eu-west-1 # prod; k=v ; x" },
        { "full-line comments, indented too", "# top\n; top\n[a]\n  # indented\nk = v\n\t; tab\n", "[a] k=v" },
        { "a comment inside a continuation", "[a]\nk = v\n  # c\n  more\n", "[a] k=v\nmore" },
        { "keys lowercased", "[a]\nREGION = x\nRole_Arn = y\n", "[a] region=x; role_arn=y" },
        { "spaces inside a header are kept", "[ default ]\nk = v\n", "[ default ] k=v" },
        { "section names keep their case", "[Default]\nk = v\n[default]\nk = w\n", "[Default] k=v | [default] k=w" },
        { "indented lines continue a value", "[a]\nk = first\n  second\n\n  third\nj = v\n", "[a] k=first\nsecond\n\nthird; j=v" },
        { "blank lines end a value's text", "[a]\nk = first\n  second\n\n\nj = v\n", "[a] k=first\nsecond; j=v" },
        { "a nested sub-section", "[a]\ns3 =\n  addressing_style = path\n  signature_version = s3v4\nregion = eu-west-1\n", "[a] s3=\naddressing_style = path\nsignature_version = s3v4; region=eu-west-1" },
        { "an indented key right after a header", "[a]\n  k = v\nj = w\n  x\n", "[a] k=v; j=w\nx" },
        { "CRLF", "[a]\r\nk = v\r\n  more\r\n", "[a] k=v\nmore" },
        { "CR alone", "[a]\rk = v\r", "[a] k=v" },
        { "an empty value", "[a]\nk =\nj = v\n", "[a] k=; j=v" },
        { "[DEFAULT] gives its keys to every section", "[DEFAULT]\nregion = eu-west-3\nk = d\n[a]\nk = own\n[b]\n", "[a] k=own; region=eu-west-3 | [b] region=eu-west-3; k=d" },
        { "[DEFAULT] twice", "[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[s]\n", "[s] a=1; b=2" },
        { "a ] inside a header", "[a]b]\nk = v\n", "[a]b] k=v" },
        { "an empty file", string.Empty, string.Empty },
        { "blank lines only", "\n\n  \n", string.Empty },
        { "values trimmed", "[a]\nk =   spaced value   \n", "[a] k=spaced value" },
        { "UTF-8", "[a]\nk = café\n", "[a] k=café" },
        { "a key twice", "[a]\nk = 1\nK = 2\n", "line 3: key 'k' appears a second time in [a] (first on line 2)" },
        { "a key twice in [DEFAULT]", "[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n[s]\n", "line 4: key 'a' appears a second time in [DEFAULT] (first on line 2)" },
        { "a section twice", "[a]\nk = 1\n[b]\n[a]\n", "line 4: section [a] appears a second time (first on line 1)" },
        { "a line before any header", "k = v\n[a]\n", "line 1: a line before the first [section] header" },
        { "[] is no header", "[]\n", "line 1: a line before the first [section] header" },
        { "a line without = or :", "[a]\nk = v\nregion\nj = w\n", "line 3: this line is neither a [section] header, key = value, a comment nor an indented continuation of the key above" },
        { "a duplicate stops reading before a bad line is reported", "[a]\nk = v\nregion\nk = w\n", "line 4: key 'k' appears a second time in [a] (first on line 2)" },
        { "an empty key", "[a]\n= v\n", "line 2: a '=' with no key before it" },
        { "a nested line without =", "[a]\ns3 =\n  addressing_style: path\n", "line 3: the indented lines under 's3' must each be key = value" },
        { "a byte order mark", "\uFEFF[a]\nk = v\n", "line 1: the file starts with a byte order mark (U+FEFF): save it as UTF-8 without one" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Parse_reads_a_file_as_botocore_does(string name, string text, string expected)
    {
        // Act
        string actual;
        try
        {
            actual = Render(IniFile.Parse(Encoding.UTF8.GetBytes(text), Path));
        }
        catch (AssumeRoleException e)
        {
            Assert.Equal(ExitCodes.BadInput, e.ExitCode);
            Assert.EndsWith(" (the AWS CLI refuses such a file too)", e.Message, StringComparison.Ordinal);
            actual = e.Message[$"cannot read {Path}: ".Length..^" (the AWS CLI refuses such a file too)".Length];
        }

        // Assert
        Assert.True(expected == actual, $"{name}:\nexpected {expected}\nactual   {actual}");
    }

    [Fact]
    public void Parse_refuses_text_that_is_not_UTF8_naming_the_line()
    {
        // Arrange
        byte[] bytes = [.. "[a]\nk = v\nj = "u8, 0xff, .. "\n"u8];

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => IniFile.Parse(bytes, Path));

        // Assert
        Assert.Equal($"cannot read {Path}: line 3: it is not UTF-8 text (the AWS CLI refuses such a file too)", error.Message);
    }

    [Theory]
    [InlineData("[a]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")]
    [InlineData("[a]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")]
    [InlineData("[a]\ns3 =\n  wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")]
    public void Parse_never_quotes_a_value_in_its_messages(string text)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => IniFile.Parse(Encoding.UTF8.GetBytes(text), Path));

        // Assert
        Assert.DoesNotContain("wJalrXUtnFEMI", error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot read {Path}: line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_takes_a_missing_file_or_a_folder_as_no_file()
    {
        // Arrange
        var folder = Directory.CreateTempSubdirectory("aar-ini-").FullName;

        // Act
        var missing = IniFile.Read(System.IO.Path.Combine(folder, "missing"));
        var directory = IniFile.Read(folder);

        // Assert
        Assert.Null(missing);
        Assert.Null(directory);
        Directory.Delete(folder);
    }

    private static string Render(IReadOnlyList<IniSection> sections) =>
        string.Join(" | ", sections.Select(s => $"[{s.Name}] " + string.Join("; ", s.Keys.Select(k => $"{k.Key}={k.Value}"))));
}
