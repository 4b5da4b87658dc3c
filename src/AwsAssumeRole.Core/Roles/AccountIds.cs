namespace AwsAssumeRole.Core.Roles;

/// <summary>AWS account IDs: exactly twelve ASCII digits.</summary>
public static class AccountIds
{
    /// <summary>True for a twelve-digit account ID.</summary>
    public static bool IsValid(string account) => account.Length == 12 && account.All(char.IsAsciiDigit);
}
