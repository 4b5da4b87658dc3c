using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class OutputFormatsTests
{
    [Theory]
    [InlineData("env", typeof(EnvFormatter))]
    [InlineData("export", typeof(ExportFormatter))]
    [InlineData("fish", typeof(FishFormatter))]
    [InlineData("powershell", typeof(PowerShellFormatter))]
    [InlineData("cmd", typeof(CmdFormatter))]
    [InlineData("json", typeof(CredentialProcessJsonFormatter))]
    public void Every_listed_name_parses_to_its_formatter(string name, Type formatter)
    {
        // Act
        var format = OutputFormats.Parse(name);

        // Assert
        Assert.Contains(name, OutputFormats.Names);
        Assert.IsType(formatter, OutputFormats.For(format));
    }

    [Fact]
    public void Names_lists_exactly_the_formats_that_parse()
    {
        // Assert
        Assert.Equal(["env", "export", "fish", "powershell", "cmd", "json"], OutputFormats.Names);
        Assert.Equal(Enum.GetValues<OutputFormat>().Length, OutputFormats.Names.Count);
    }

    [Theory]
    [InlineData("ENV")]
    [InlineData("bash")]
    [InlineData("sh")]
    [InlineData("")]
    public void Other_names_are_bad_input_listing_the_choices(string name)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => OutputFormats.Parse(name));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("env, export, fish, powershell, cmd, json", error.Message, StringComparison.Ordinal);
    }
}
