namespace AwsAssumeRole.Core.Platform;

/// <summary>
/// The environment of this very process, beyond reading one variable: listed whole (to build a
/// command's environment from it) and changed (so that processes started later, such as a
/// profile's <c>credential_process</c>, inherit the change).
/// </summary>
public interface IProcessEnvironment : IEnvironment
{
    /// <summary>Every variable and its value, empty values included.</summary>
    IReadOnlyDictionary<string, string> All();

    /// <summary>Sets <paramref name="name"/> for this process and the processes it starts from now on.</summary>
    void Set(string name, string value);
}
