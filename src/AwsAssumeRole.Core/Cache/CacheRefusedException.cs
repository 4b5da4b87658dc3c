namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache folder, or a folder on the way to it, is not to be trusted (another user could change
/// what is in it): the run goes on without the cache. The message names the folder and why.
/// </summary>
internal sealed class CacheRefusedException(string message) : Errors.DescribedIOException(message);
