<?php
// Router for `php -S`: what Apache's rewrite rules do for WordPress (tests only).
// Existing files (the theme's CSS, wp-includes' scripts, the static insyn site linked
// into the document root) are served as they are; a directory with an index.html
// (the static site's pages) too; everything else goes to WordPress's index.php, so
// that pretty permalinks (/insyn/mellerud/) and the REST API (/wp-json/...) work.
$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$file = realpath($root . $path);
if ($file !== false && is_file($file)) {
    return false;
}
if ($file !== false && is_dir($file) && is_file($file . '/index.html')) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
require $root . '/index.php';
