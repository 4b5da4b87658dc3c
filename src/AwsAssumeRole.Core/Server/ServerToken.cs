using System.Security.Cryptography;
using System.Text;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// The bearer token of one <c>serve</c> run: 256 random bits, new each run, as 64 hexadecimal
/// characters (nothing any shell, env file or HTTP header needs to quote). A client presents it
/// verbatim in its <c>Authorization</c> header, as the AWS SDKs send
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>. Its text is never part of <see cref="ToString"/>.
/// </summary>
public sealed class ServerToken
{
    /// <summary>The number of random bytes: 256 bits.</summary>
    public const int Bytes = 32;

    private readonly byte[] expected;

    private ServerToken(string text)
    {
        Text = text;
        expected = Encoding.ASCII.GetBytes(text);
    }

    /// <summary>The token as handed out: 64 lowercase hexadecimal characters.</summary>
    public string Text { get; }

    /// <summary>A new token from the operating system's cryptographic random source.</summary>
    public static ServerToken Create() => FromBytes(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>The token made of these bytes (tests give their own).</summary>
    public static ServerToken FromBytes(ReadOnlySpan<byte> random)
    {
        if (random.Length != Bytes)
        {
            throw new ArgumentException($"a token is {Bytes} bytes", nameof(random));
        }

        return new ServerToken(Convert.ToHexStringLower(random));
    }

    /// <summary>
    /// True when <paramref name="presented"/> is exactly the token. Compared in constant time
    /// (<see cref="CryptographicOperations.FixedTimeEquals"/>), so the time an answer takes tells
    /// nothing about how much of a guess was right; only a different length answers at once, and
    /// the length is no secret.
    /// </summary>
    public bool Matches(string? presented)
    {
        if (presented is null)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);
        return CryptographicOperations.FixedTimeEquals(bytes, expected);
    }

    /// <inheritdoc />
    public override string ToString() => "ServerToken { **** }";
}
