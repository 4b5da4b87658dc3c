using AwsAssumeRole.Core.Server;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class ServerTokenTests
{
    [Fact]
    public void Create_makes_a_new_256_bit_token_each_time_as_64_lowercase_hex_characters()
    {
        // Act
        var tokens = Enumerable.Range(0, 20).Select(_ => ServerToken.Create().Text).ToList();

        // Assert
        Assert.All(tokens, text => Assert.Matches("^[0-9a-f]{64}$", text));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("0001020304050607080910111213141516171819202122232425262728293031", false)]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", true)]
    [InlineData("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", false)]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1", false)]
    [InlineData("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f0", false)]
    [InlineData("Bearer 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", false)]
    [InlineData(" 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", false)]
    public void Matches_only_the_exact_token(string? presented, bool expected)
    {
        // Arrange
        var token = ServerToken.FromBytes([.. Enumerable.Range(0, 32).Select(i => (byte)i)]);

        // Act
        var matches = token.Matches(presented);

        // Assert
        Assert.Equal(expected, matches);
    }

    [Fact]
    public void ToString_never_shows_the_token()
    {
        // Arrange
        var token = ServerToken.Create();

        // Act
        var text = token.ToString();

        // Assert
        Assert.DoesNotContain(token.Text, text, StringComparison.Ordinal);
    }
}
