<?php
// Installs WordPress non-interactively with its own installer (wp_install), as the
// browser installer would, then sets what the test needs. Tests only.
//
//   php install.php <document root> <admin password>
//
// Prints one JSON object: {"users": {"<role>": ["<login>", "<application password>"]}}.
if ($argc !== 3) {
    fwrite(STDERR, "usage: php install.php <document root> <admin password>\n");
    exit(2);
}
[$_, $docroot, $admin_password] = $argv;

// No mail leaves the machine: the installer's and the user notifications are pluggable.
function wp_mail() { return true; }
function wp_new_blog_notification() {}

define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url(getenv('INSYN_WP_URL'), PHP_URL_HOST) . ':' . parse_url(getenv('INSYN_WP_URL'), PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
require $docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$result = wp_install('Kommunen', 'admin', 'admin@kommun.invalid', true, '', wp_slash($admin_password), 'sv_SE');
if (is_wp_error($result)) {
    fwrite(STDERR, $result->get_error_message() . "\n");
    exit(1);
}
if (get_option('WPLANG') !== 'sv_SE') {
    fwrite(STDERR, "the Swedish language files are not installed (wordpress-l10n)\n");
    exit(1);
}
update_option('timezone_string', 'Europe/Stockholm');

// Pretty permalinks, as docs/cms.md requires (the router plays Apache's part).
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%postname%/');
flush_rewrite_rules(false);

$users = ['administrator' => (int) $result['user_id']];
// An Editor as WordPress makes it: on a single site the role has unfiltered_html.
$users['editor'] = wp_insert_user([
    'user_login' => 'redaktor',
    'user_pass' => wp_generate_password(24),
    'user_email' => 'redaktor@kommun.invalid',
    'role' => 'editor',
]);
// An Editor without unfiltered_html: what every Editor is on a multisite network or
// where DISALLOW_UNFILTERED_HTML is set, and what security plugins often make it.
$users['editor_filtered'] = wp_insert_user([
    'user_login' => 'redaktor-filtrerad',
    'user_pass' => wp_generate_password(24),
    'user_email' => 'filtrerad@kommun.invalid',
    'role' => 'editor',
]);
$out = ['users' => []];
foreach ($users as $key => $id) {
    if (is_wp_error($id)) {
        fwrite(STDERR, $key . ': ' . $id->get_error_message() . "\n");
        exit(1);
    }
    $user = new WP_User($id);
    if ($key === 'editor_filtered') {
        $user->add_cap('unfiltered_html', false);
    }
    $created = WP_Application_Passwords::create_new_application_password($id, ['name' => 'insyn']);
    if (is_wp_error($created)) {
        fwrite(STDERR, $key . ': ' . $created->get_error_message() . "\n");
        exit(1);
    }
    $out['users'][$key] = [$user->user_login, $created[0]];
}
echo json_encode($out), "\n";
