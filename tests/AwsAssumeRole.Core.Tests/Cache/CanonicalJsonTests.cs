using System.Text.Json;
using AwsAssumeRole.Core.Cache;

namespace AwsAssumeRole.Core.Tests.Cache;

public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("""{"b":1,"a":[3,1,{"d":true,"c":null}]}""", """{"a":[3,1,{"c":null,"d":true}],"b":1}""")]
    [InlineData(" { \"Version\" : \"2012-10-17\" ,\n \"Statement\" : [ ] } ", """{"Statement":[],"Version":"2012-10-17"}""")]
    [InlineData("""{"n":1.50,"s":"a\u0041"}""", """{"n":1.50,"s":"aA"}""")]
    [InlineData("[2,1]", "[2,1]")]
    public void Canonicalize_sorts_keys_drops_white_space_and_keeps_array_order_and_numbers(string json, string expected)
    {
        // Act
        var canonical = CanonicalJson.Canonicalize(json);

        // Assert
        Assert.Equal(expected, canonical);
    }

    [Fact]
    public void Canonicalize_gives_the_same_text_for_the_same_policy_written_two_ways()
    {
        // Arrange
        const string compact = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        const string pretty = """
            {
              "Statement": [ { "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow" } ],
              "Version": "2012-10-17"
            }
            """;

        // Act and assert
        Assert.Equal(CanonicalJson.Canonicalize(compact), CanonicalJson.Canonicalize(pretty));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"a\":1} x")]
    public void Canonicalize_throws_for_text_that_is_not_JSON(string text)
    {
        // Act and assert
        Assert.ThrowsAny<JsonException>(() => CanonicalJson.Canonicalize(text));
    }
}
