console.log('hello from prefstudy');
