namespace AwsAssumeRole.Core.Errors;

/// <summary>The exit codes users script against (see README, "Exit codes").</summary>
public static class ExitCodes
{
    /// <summary>Credentials were printed or the command ran.</summary>
    public const int Success = 0;

    /// <summary>AWS refused, failed or could not be reached.</summary>
    public const int AwsFailure = 1;

    /// <summary>Bad command line or bad input; no network call was made.</summary>
    public const int BadInput = 2;
}
