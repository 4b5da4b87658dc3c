using System.Text;
using AwsAssumeRole.Core.Cache;

namespace AwsAssumeRole.Core.Tests.Cache;

public sealed class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Sha256_gives_the_NIST_digests(string message, string expected)
    {
        // Act
        var digest = Sha256.HexOf(Encoding.ASCII.GetBytes(message));

        // Assert
        Assert.Equal(expected, digest);
    }

    [Fact]
    public void Sha256_of_a_million_a_is_the_NIST_digest()
    {
        // Act
        var digest = Sha256.HexOf(Encoding.ASCII.GetBytes(new string('a', 1_000_000)));

        // Assert
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", digest);
    }

    [Fact]
    public void Sha256_agrees_with_the_platform_SHA256_for_every_length_across_block_edges()
    {
        // Arrange: every length up to three blocks (55, 56, 63, 64 are where the padding changes), random bytes.
        var random = new Random(1234);
        for (var length = 0; length <= 200; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);

            // Act
            var ours = Sha256.Hash(data);

            // Assert
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), ours);
        }
    }
}
