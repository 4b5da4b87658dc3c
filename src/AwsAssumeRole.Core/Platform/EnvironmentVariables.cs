namespace AwsAssumeRole.Core.Platform;

/// <summary>
/// Every environment variable the tool reads, sets or removes, by name, in one place: the AWS
/// SDKs' and CLI's own, and the tool's (<c>AWS_ASSUME_ROLE_*</c>). What each means is documented
/// where it is used and in the README.
/// </summary>
public static class EnvironmentVariables
{
    // Credentials, as every AWS SDK reads them.

    /// <summary>The access key ID.</summary>
    public const string AccessKeyId = "AWS_ACCESS_KEY_ID";

    /// <summary>The secret access key.</summary>
    public const string SecretAccessKey = "AWS_SECRET_ACCESS_KEY";

    /// <summary>The session token of temporary credentials.</summary>
    public const string SessionToken = "AWS_SESSION_TOKEN";

    /// <summary>The older name of the session token, which botocore reads first.</summary>
    public const string SecurityToken = "AWS_SECURITY_TOKEN";

    /// <summary>When the credentials in the environment expire.</summary>
    public const string CredentialExpiration = "AWS_CREDENTIAL_EXPIRATION";

    /// <summary>An older spelling of the access key ID (Java v1, Go v1).</summary>
    public const string LegacyAccessKey = "AWS_ACCESS_KEY";

    /// <summary>An older spelling of the secret key (Java v1, Go v1).</summary>
    public const string LegacySecretKey = "AWS_SECRET_KEY";

    /// <summary>The account of the credentials in the environment (botocore's account-based endpoints).</summary>
    public const string AccountId = "AWS_ACCOUNT_ID";

    // Profiles and the files they are in.

    /// <summary>The profile to use.</summary>
    public const string Profile = "AWS_PROFILE";

    /// <summary>The profile to use, read before <see cref="Profile"/> by the AWS CLI.</summary>
    public const string DefaultProfile = "AWS_DEFAULT_PROFILE";

    /// <summary>The config file (default <c>~/.aws/config</c>).</summary>
    public const string ConfigFile = "AWS_CONFIG_FILE";

    /// <summary>The shared credentials file (default <c>~/.aws/credentials</c>).</summary>
    public const string SharedCredentialsFile = "AWS_SHARED_CREDENTIALS_FILE";

    /// <summary>botocore's legacy credentials file.</summary>
    public const string LegacyCredentialFile = "AWS_CREDENTIAL_FILE";

    // Where STS is.

    /// <summary>The region.</summary>
    public const string Region = "AWS_REGION";

    /// <summary>The region, read after <see cref="Region"/>.</summary>
    public const string DefaultRegion = "AWS_DEFAULT_REGION";

    /// <summary>The STS endpoint.</summary>
    public const string EndpointUrlSts = "AWS_ENDPOINT_URL_STS";

    /// <summary>The endpoint of every service.</summary>
    public const string EndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary><c>true</c>: the endpoint variables and profile keys are ignored.</summary>
    public const string IgnoreConfiguredEndpointUrls = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary><c>regional</c> or <c>legacy</c>.</summary>
    public const string StsRegionalEndpoints = "AWS_STS_REGIONAL_ENDPOINTS";

    /// <summary><c>true</c>: FIPS endpoints (not supported: the tool says so).</summary>
    public const string UseFipsEndpoint = "AWS_USE_FIPS_ENDPOINT";

    /// <summary><c>true</c>: dual-stack endpoints (not supported: the tool says so).</summary>
    public const string UseDualStackEndpoint = "AWS_USE_DUALSTACK_ENDPOINT";

    /// <summary>The certificate authorities to trust (a PEM file).</summary>
    public const string CaBundle = "AWS_CA_BUNDLE";

    // Other sources of credentials.

    /// <summary>The role of web identity.</summary>
    public const string RoleArn = "AWS_ROLE_ARN";

    /// <summary>The session name of web identity.</summary>
    public const string RoleSessionName = "AWS_ROLE_SESSION_NAME";

    /// <summary>The token file of web identity.</summary>
    public const string WebIdentityTokenFile = "AWS_WEB_IDENTITY_TOKEN_FILE";

    /// <summary>The container credentials endpoint, a full URL.</summary>
    public const string ContainerCredentialsFullUri = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    /// <summary>The container credentials endpoint, a path on the ECS agent.</summary>
    public const string ContainerCredentialsRelativeUri = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";

    /// <summary>The token the container credentials endpoint wants.</summary>
    public const string ContainerAuthorizationToken = "AWS_CONTAINER_AUTHORIZATION_TOKEN";

    /// <summary>A file holding that token.</summary>
    public const string ContainerAuthorizationTokenFile = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    /// <summary><c>true</c>: no instance metadata.</summary>
    public const string Ec2MetadataDisabled = "AWS_EC2_METADATA_DISABLED";

    // The tool's own.

    /// <summary>A loopback federation endpoint for the console, for tests only.</summary>
    public const string FederationUrl = "AWS_ASSUME_ROLE_FEDERATION_URL";

    /// <summary>The credentials cache folder.</summary>
    public const string CacheDirectory = "AWS_ASSUME_ROLE_CACHE_DIR";

    /// <summary><c>1</c> or <c>true</c>: the same as <c>--debug</c>.</summary>
    public const string Debug = "AWS_ASSUME_ROLE_DEBUG";

    /// <summary>The most time a run may wait for STS.</summary>
    public const string Timeout = "AWS_ASSUME_ROLE_TIMEOUT";

    /// <summary>The ARN of the last role, set for a command run after <c>--</c>.</summary>
    public const string Chain = "AWS_ASSUME_ROLE_CHAIN";

    /// <summary>How many runs are nested through <c>credential_process</c> (the recursion guard).</summary>
    public const string Depth = "AWS_ASSUME_ROLE_DEPTH";

    /// <summary>Fingerprints of the runs above (the recursion guard).</summary>
    public const string Resolving = "AWS_ASSUME_ROLE_RESOLVING";
}
